"""What one proxy run needs, resolved once: the upstream, its credentials, the safety limits.

The upstream and its credentials come from the client's own resolver
(`generator.runtime.config.from_env`): arguments, then the environment, then the SDK's
credentials file, with an STS security token when the source has one; the region through the
spec's `servers` template. The defaults of the budget and the rate are `make fuzz
--base-url`'s; the request-body bound is the mock's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.contract.fuzz import REMOTE_MAX_REQUESTS, REMOTE_RATE
from generator.mock.limits import MAX_BODY_BYTES
from generator.runtime.config import ClientConfig, from_env
from generator.runtime.regions import ServerTemplate
from generator.specmodel import default_model

__all__ = [
    "DEFAULT_PORT",
    "DEFAULT_RATE",
    "DEFAULT_TIMEOUT",
    "MAX_ANSWER_BYTES",
    "ProxyConfig",
    "parse_rate",
    "resolve_upstream",
]

DEFAULT_PORT = 8010
DEFAULT_TIMEOUT = 30.0  # one whole exchange with the upstream: connect, send, every byte back
DEFAULT_RATE = REMOTE_RATE
# An answer is read whole (to validate and record it): a list page of the service is far below
# this; past it the client gets a 502 instead of the proxy buffering without end.
MAX_ANSWER_BYTES = 16 * MAX_BODY_BYTES
MAX_RATE_WAIT = 10.0  # a request that would wait longer for its slot is answered 429


def parse_rate(text: str) -> float:
    """`5/s`, `100/m` or `1000/h` (schemathesis' form, as `make fuzz --rate`) per second."""
    found = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*/\s*([smh])\s*", text)
    if found is None or float(found.group(1)) <= 0:
        raise ValueError(f"rate {text!r}: expected N/s, N/m or N/h with N > 0")
    return float(found.group(1)) / {"s": 1, "m": 60, "h": 3600}[found.group(2)]


def resolve_upstream(
    upstream: str | None,
    region: str | None,
    environ: Mapping[str, str] | None = None,
    **credentials: Any,
) -> ClientConfig:
    """The upstream endpoint and the credentials to sign with, the client's way. Raises the
    client's ConfigError naming what is missing and every credential source tried."""
    api = default_model()
    server = ServerTemplate(api.endpoint_template, "region", api.regions)
    settings = {k: v for k, v in credentials.items() if v is not None}
    if upstream:
        settings["endpoint"] = upstream
    elif region:
        settings["region"] = region
    return from_env(os.environ if environ is None else environ, server=server, **settings)


@dataclass(frozen=True)
class ProxyConfig:
    """`upstream` holds the endpoint and the chain's credentials. `max_requests` None and
    `rate` None mean unlimited. `ca_file` adds a CA to trust; verification stays on."""

    upstream: ClientConfig
    allow_writes: bool = False
    strict: bool = False
    max_requests: int | None = REMOTE_MAX_REQUESTS
    rate: float | None = parse_rate(DEFAULT_RATE)
    max_body_bytes: int = MAX_BODY_BYTES
    max_answer_bytes: int = MAX_ANSWER_BYTES
    timeout: float = DEFAULT_TIMEOUT
    record: Path | None = None
    har: Path | None = None
    ca_file: Path | None = None

    def secrets(self) -> list[str]:
        """Every credential of the chain, for redaction (the AK too: it names the account)."""
        up = self.upstream
        return [s for s in (up.ak, up.sk, up.auth_token, up.security_token) if s]
