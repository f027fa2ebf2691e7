"""Mock configuration: credentials from the official SDK's environment variables, defaults.

The variable names are the client's (`generator/runtime/_constants.py`); the limits are
`limits.py`'s.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.runtime._constants import (
    ENV_AK,
    ENV_PROJECT_ID,
    ENV_SECURITY_TOKEN,
    ENV_SK,
    ENV_TOKEN,
)
from generator.spec import SPEC_PATH
from generator.specmodel import default_model

from . import limits

__all__ = [
    "DEFAULT_AK",
    "DEFAULT_DB",
    "DEFAULT_PROJECT_ID",
    "DEFAULT_SK",
    "DEFAULT_SPEC",
    "DEFAULT_TOKEN",
    "ENV_AK",
    "ENV_PROJECT_ID",
    "ENV_SK",
    "ENV_TOKEN",
    "Credentials",
    "MockConfig",
]

ENV_SPEC = "METASTUDIO_SPEC"

# Documented in README.md ("Mock server"); printed at start-up when used.
DEFAULT_AK = "MOCKACCESSKEY0000000"
DEFAULT_SK = "mock-secret-key-do-not-use-in-production"
DEFAULT_PROJECT_ID = default_model().examples.project_id  # the spec's ProjectId example
DEFAULT_TOKEN = "mock-auth-token"

DEFAULT_DB = Path(".mock/state.sqlite")
DEFAULT_SPEC = SPEC_PATH
DEFAULT_MAX_BODY = limits.MAX_BODY_BYTES
DEFAULT_MAX_UPLOAD = limits.MAX_UPLOAD_BYTES


@dataclass(frozen=True, slots=True)
class Credentials:
    """The one tenant the mock serves: an AK/SK pair, an IAM token and its project."""

    ak: str = DEFAULT_AK
    sk: str = DEFAULT_SK
    project_id: str = DEFAULT_PROJECT_ID
    token: str = DEFAULT_TOKEN
    security_token: str = ""  # STS: X-Security-Token must equal it ("" accepts none)
    env_vars: frozenset[str] = frozenset()  # the variables that were set

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Credentials:
        """Read the SDK's own variables; an unset or empty variable means the default."""
        env = os.environ if env is None else env
        values = {
            "ak": (ENV_AK, DEFAULT_AK),
            "sk": (ENV_SK, DEFAULT_SK),
            "project_id": (ENV_PROJECT_ID, DEFAULT_PROJECT_ID),
            "token": (ENV_TOKEN, DEFAULT_TOKEN),
            "security_token": (ENV_SECURITY_TOKEN, ""),
        }
        chosen: dict[str, str] = {}
        seen: set[str] = set()
        for attr, (var, default) in values.items():
            value = env.get(var, "")
            if value:
                seen.add(var)
            chosen[attr] = value or default
        return cls(**chosen, env_vars=frozenset(seen))

    def describe(self) -> list[str]:
        """Start-up lines: values of defaults, only the variable name for given secrets."""

        def show(var: str, value: str, secret: bool) -> str:
            if var in self.env_vars:
                return f"(from ${var})" if secret else f"{value}  (from ${var})"
            return f"{value}  (default; set ${var} to change)"

        return [
            f"  project id : {show(ENV_PROJECT_ID, self.project_id, False)}",
            f"  AK         : {show(ENV_AK, self.ak, False)}",
            f"  SK         : {show(ENV_SK, self.sk, True)}",
            f"  token      : {show(ENV_TOKEN, self.token, True)}",
        ]


@dataclass(frozen=True, slots=True)
class MockConfig:
    """Everything `create_app` needs. `speed` scales the lifecycle's nominal step times.

    `public_url` is where upload URLs point (behind a proxy); None means the address the
    connection reached. `max_connections` None means `limits.default_max_connections()`.
    """

    db_path: Path = DEFAULT_DB
    credentials: Credentials = field(default_factory=Credentials)
    speed: float = 1.0
    spec_path: Path = field(default_factory=lambda: Path(os.environ.get(ENV_SPEC) or DEFAULT_SPEC))
    max_body_bytes: int = DEFAULT_MAX_BODY
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    max_skew_seconds: float = 900.0
    seed: bool = True
    public_url: str | None = None
    busy_timeout_seconds: float = limits.BUSY_TIMEOUT_SECONDS
    header_timeout_seconds: float = limits.HEADER_TIMEOUT_SECONDS
    idle_timeout_seconds: float = limits.IDLE_TIMEOUT_SECONDS
    max_connections: int | None = None
    faults_path: Path | None = None  # a fault plan loaded at start (faults.py, --faults)
    replay: Path | None = None  # a cassette to answer from first (replay.py)
    replay_only: bool = False  # and 404 whatever it did not record
