"""The client's logger, ``metastudio_client``: one DEBUG line per attempt (request line,
status, duration, attempt, request id), one INFO line per retry. Never headers or bodies, so
never a secret. ``METASTUDIO_LOG=debug`` (or ``info``) adds a stderr handler once; without it
the logger is silent unless the application configures logging itself.

Copied verbatim into the generated client: imports only the standard library and siblings.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from ._constants import ENV_LOG, LOGGER_NAME

__all__ = ["configure_from_env", "logger"]

logger = logging.getLogger(LOGGER_NAME)

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_handler: logging.Handler | None = None


def configure_from_env(environ: Mapping[str, str] | None = None) -> None:
    """Honour METASTUDIO_LOG: ``debug`` or ``info`` set the level and add one stderr handler."""
    global _handler
    env = os.environ if environ is None else environ
    level = _LEVELS.get(env.get(ENV_LOG, "").strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    if _handler is None:
        _handler = logging.StreamHandler()
        _handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(_handler)


configure_from_env()
