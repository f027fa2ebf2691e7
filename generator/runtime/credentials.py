"""The official SDK's credential chain: explicit arguments, then the environment, then the
SDK's profile file; the first source that has both an AK and an SK wins, whole.

The file is the one huaweicloudsdkcore's ProfileCredentialProvider reads
(``auth/provider.py``): ``$HUAWEICLOUD_SDK_CREDENTIALS_FILE`` when set, else
``$HOME/.huaweicloud/credentials`` (``%USERPROFILE%`` on Windows); an ini file read with the
same ``configparser`` settings, section ``[basic]`` with ``ak``, ``sk``, ``project_id`` and
``security_token``. Identity federation (idp_id, OIDC) and instance metadata, which the SDK
tries too, need IAM calls and are not supported here.

Copied verbatim into the generated client: imports only the standard library and siblings.
"""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field

from ._constants import (
    CREDENTIALS_FILE_DIR,
    CREDENTIALS_FILE_NAME,
    CREDENTIALS_SECTION,
    ENV_AK,
    ENV_CREDENTIALS_FILE,
    ENV_HOME,
    ENV_PROJECT_ID,
    ENV_SECURITY_TOKEN,
    ENV_SK,
)

__all__ = ["Found", "credentials_file", "from_environment", "from_profile"]


@dataclass(frozen=True, slots=True)
class Found:
    """AK/SK credentials and where they came from (``source`` is for messages)."""

    ak: str
    sk: str = field(repr=False)
    project_id: str | None
    security_token: str | None = field(default=None, repr=False)
    source: str = ""


def _get(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    return value or None


def credentials_file(environ: Mapping[str, str]) -> str | None:
    """Where the SDK looks for its profile file, or None when there is no home folder."""
    moved = environ.get(ENV_CREDENTIALS_FILE)
    if moved:
        return moved
    home = environ.get("USERPROFILE" if sys.platform.startswith("win32") else ENV_HOME)
    return os.path.join(home, CREDENTIALS_FILE_DIR, CREDENTIALS_FILE_NAME) if home else None


def from_environment(environ: Mapping[str, str]) -> Found | None:
    """HUAWEICLOUD_SDK_AK and _SK (both), with _PROJECT_ID and _SECURITY_TOKEN."""
    ak, sk = _get(environ, ENV_AK), _get(environ, ENV_SK)
    if ak is None or sk is None:
        return None
    return Found(
        ak,
        sk,
        _get(environ, ENV_PROJECT_ID),
        _get(environ, ENV_SECURITY_TOKEN),
        source="environment",
    )


def from_profile(path: str | None) -> tuple[Found | None, str]:
    """The ``[basic]`` AK/SK of the profile file, and a phrase saying what was found."""
    if not path:
        return None, "credentials file (no home folder)"
    parser = configparser.ConfigParser()  # the SDK's own settings, interpolation included
    try:
        if not os.path.exists(path) or not parser.read(path, encoding="utf-8"):
            return None, f"credentials file {path} (not found)"
    except (configparser.Error, UnicodeDecodeError, OSError) as exc:
        return None, f"credentials file {path} (unreadable: {type(exc).__name__})"
    if not parser.has_section(CREDENTIALS_SECTION):
        return None, f"credentials file {path} (no [{CREDENTIALS_SECTION}] section)"
    try:
        profile = dict(parser.items(CREDENTIALS_SECTION))
    except configparser.Error as exc:
        return None, f"credentials file {path} (unreadable: {type(exc).__name__})"
    ak, sk = profile.get("ak"), profile.get("sk")
    if not ak or not sk:
        return None, f"credentials file {path} (no ak and sk in [{CREDENTIALS_SECTION}])"
    found = Found(
        ak,
        sk,
        profile.get("project_id") or None,
        profile.get("security_token") or None,
        source=f"credentials file {path}",
    )
    return found, found.source
