"""generator/runtime/log.py at its edges (found by `make mutate`), through the generated client's
copy (`metastudio_client.runtime`, what users run): its logging switch: one stderr handler
however often it is read."""

from __future__ import annotations

import logging

from metastudio_client.runtime import (
    log,
)
from metastudio_client.runtime._constants import (
    ENV_LOG,
)


def test_metastudio_log_adds_one_stderr_handler_however_often_it_is_read() -> None:
    saved = (list(log.logger.handlers), log.logger.level, log._handler)
    log._handler = None
    try:
        log.configure_from_env({ENV_LOG: " DEBUG"})
        log.configure_from_env({ENV_LOG: "info"})
        added = [h for h in log.logger.handlers if h not in saved[0]]
        assert len(added) == 1 and log.logger.level == logging.INFO
    finally:
        log.logger.handlers[:] = saved[0]
        log.logger.setLevel(saved[1])
        log._handler = saved[2]
