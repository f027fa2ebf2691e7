"""What every handler shares: config, spec model, store, authenticator, error bodies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from starlette.types import Scope

from .auth import Authenticator
from .config import MockConfig
from .faults import FaultBook
from .model import MockFacts
from .replay import Replayer
from .store import Store

__all__ = ["ErrorBodies", "MockContext"]


class ErrorBodies:
    """Error bodies with the error_code the spec's example documents for each status (a status
    the spec does not document, such as 405, gets the 400 code; 503 gets the 500 code)."""

    def __init__(self, examples: Mapping[int, Mapping[str, Any]]) -> None:
        self.codes = {status: str(body["error_code"]) for status, body in examples.items()}
        self.internal = orjson.dumps(dict(examples[500]))  # the documented 500, verbatim

    def __call__(self, status: int, message: str) -> bytes:
        code = self.codes.get(status) or self.codes[500 if status >= 500 else 400]
        text = message.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates in JSON
        return orjson.dumps({"error_code": code, "error_msg": text})


class MockContext:
    def __init__(self, config: MockConfig, model: MockFacts, store: Store) -> None:
        self.config = config
        self.model = model
        self.store = store
        self.project_id = config.credentials.project_id
        self.auth = Authenticator(config.credentials, config.max_skew_seconds)
        self.error_body = ErrorBodies(model.error_examples)
        self.faults = FaultBook(model, self.error_body)
        self.public_url = config.public_url.rstrip("/") if config.public_url else None
        self.replay = Replayer.of(config, self.error_body)  # --replay: recorded answers first

    def base_url(self, scope: Scope) -> str:
        """Where upload URLs point: `--public-url`, else the address this connection reached
        (the listening socket's, never a request header)."""
        if self.public_url is not None:
            return self.public_url
        host, port = scope.get("server") or ("127.0.0.1", None)
        shown = f"[{host}]" if ":" in str(host) else host
        where = shown if port is None else f"{shown}:{port}"
        return f"{scope.get('scheme', 'http')}://{where}"

    def own_origins(self, scope: Scope) -> frozenset[str]:
        """The Origin values a browser sends for pages served by this mock."""
        return frozenset({self.base_url(scope), *(o for o in [self.public_url] if o)})
