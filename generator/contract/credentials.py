"""Credentials for contract runs: AK/SK + project id, or an IAM token, and how to name them.

The variables are the official SDK's own (`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`,
`HUAWEICLOUD_SDK_PROJECT_ID`) plus `METASTUDIO_AUTH_TOKEN` for an IAM token. Secrets are never
printed: `describe()` names the variable a secret came from and shows only the access key
(which the service itself echoes in errors) and the project id.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from generator.runtime._constants import ENV_AK, ENV_PROJECT_ID, ENV_SK, ENV_TOKEN

__all__ = [
    "ENV_AK",
    "ENV_PROJECT_ID",
    "ENV_SK",
    "ENV_TOKEN",
    "AuthKind",
    "ContractCredentials",
    "CredentialsError",
]

AuthKind = Literal["aksk", "token"]


class CredentialsError(Exception):
    """The environment does not hold a usable set of credentials."""


@dataclass(frozen=True, slots=True)
class ContractCredentials:
    """One tenant: its project id and either an AK/SK pair or an IAM token (or both)."""

    project_id: str
    ak: str = ""
    sk: str = ""
    token: str = ""
    source: str = "given"  # "environment", "local mock defaults", ...

    def __repr__(self) -> str:  # never show secrets, even in a traceback
        return (
            f"ContractCredentials(project_id={self.project_id!r}, ak={self.ak!r}, "
            f"sk={'***' if self.sk else ''!r}, token={'***' if self.token else ''!r})"
        )

    @property
    def has_aksk(self) -> bool:
        return bool(self.ak and self.sk)

    @property
    def has_token(self) -> bool:
        return bool(self.token)

    def preferred(self) -> AuthKind:
        """AK/SK when available (it covers the signature), else the token."""
        if self.has_aksk:
            return "aksk"
        if self.has_token:
            return "token"
        raise CredentialsError("no AK/SK and no token")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ContractCredentials:
        """Read the SDK's variables; raise CredentialsError naming what is missing."""
        env = os.environ if env is None else env
        ak, sk = env.get(ENV_AK, ""), env.get(ENV_SK, "")
        project_id, token = env.get(ENV_PROJECT_ID, ""), env.get(ENV_TOKEN, "")
        problems = []
        if not project_id:
            problems.append(f"${ENV_PROJECT_ID} is not set (the project id goes into every path)")
        if bool(ak) != bool(sk):
            missing = ENV_SK if ak else ENV_AK
            problems.append(f"${missing} is not set (AK/SK needs both)")
        if not (ak and sk) and not token:
            problems.append(f"set ${ENV_AK} and ${ENV_SK}, or ${ENV_TOKEN}")
        if problems:
            raise CredentialsError("; ".join(problems))
        return cls(project_id=project_id, ak=ak, sk=sk, token=token, source="environment")

    def describe(self, kind: AuthKind) -> str:
        """One line saying which credentials a run uses, without any secret."""
        env = self.source == "environment"
        if kind == "aksk":
            ak = f"AK {self.ak}" + (f" (from ${ENV_AK})" if env else "")
            sk = f"SK from ${ENV_SK}" if env else "SK ***"
            who = f"AK/SK signature (SDK-HMAC-SHA256): {ak}, {sk}"
        else:
            who = "IAM token" + (f" from ${ENV_TOKEN}" if env else "")
        project = f"project id {self.project_id}" + (f" (from ${ENV_PROJECT_ID})" if env else "")
        return f"{who}; {project}"
