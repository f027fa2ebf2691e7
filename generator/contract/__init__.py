"""Contract tests of `spec/metastudio.yaml` with schemathesis, shared by pytest and `make fuzz`.

Modules:

- `credentials`: where the AK/SK, project id and token come from (the official SDK's
  environment variables, `METASTUDIO_AUTH_TOKEN`) and how they are described without leaking.
- `auth`: real authentication for schemathesis: an AK/SK signer that signs the *final*
  prepared request (URL, headers and body exactly as they go on the wire) with
  `generator.runtime.signing`, and an IAM-token provider. Never "auth switched off".
- `settings`: the one schemathesis configuration (checks, modes, phases, seed, bounds),
  used by the pytest suite with small numbers and by `make fuzz` with larger ones.
- `local`: the mock started in this process on a free 127.0.0.1 port.
- `fuzz`: `python -m generator fuzz` (`make fuzz`), against the local mock or any endpoint.
- `summary`: what `make fuzz` prints at the end: operations, cases, failures by check, a curl
  line per failure.
"""

from __future__ import annotations

__all__: list[str] = []
