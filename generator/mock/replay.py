"""`--replay FILE` (`make mock REPLAY=FILE`): answer what a cassette recorded, byte for byte.

The cassette is vcrpy's YAML (`{version: 1, interactions: [{request, response}]}`), as
`metastudio-proxy --record` writes it (or vcrpy / pytest-recording themselves).

- Where: in the request path of every spec operation, after authentication (so a recorded
  answer goes only to a request the mock itself would accept, and `make fuzz`'s auth checks
  still see 401s) and before validation. The control API is never replayed.
- Matching: method, path (percent-decoded) and query (decoded pairs, sorted): vcrpy's
  default matchers without scheme, host and port, since the mock is not where the exchange
  was recorded. Headers are ignored, the signing ones and X-Sdk-Date included.
- A request recorded several times is answered in recorded order; past the last recording
  the last one is repeated (vcrpy's `allow_playback_repeats`), so polling a recorded job
  keeps seeing its final state.
- Anything else goes on to the stateful mock as usual; with `--replay-only` it is a 404 in
  the documented error body naming what was not recorded.
- The answer: the recorded status, headers (hop-by-hop ones, Content-Length and
  X-Request-Id left out: the mock sets its own) and the recorded body, unchanged.

The file is the operator's, read once at start; still, it is bounded (`MAX_CASSETTE_BYTES`)
and a malformed one stops the mock with a message naming the file and the interaction.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import yaml
from starlette.types import Scope, Send

from .config import MockConfig

__all__ = ["MAX_CASSETTE_BYTES", "Cassette", "ReplayError", "Replayer", "request_key"]

MAX_CASSETTE_BYTES = 64 * 1024 * 1024
# hop-by-hop, set again (Content-Length) or the mock's own (a unique X-Request-Id, Guard's)
_NOT_REPLAYED = frozenset(
    {
        "connection",
        "keep-alive",
        "te",
        "trailer",
        "upgrade",
        "transfer-encoding",
        "content-length",
        "x-request-id",
    }
)

Key = tuple[str, str, tuple[tuple[str, str], ...]]


class ReplayError(ValueError):
    """The cassette cannot be replayed; the message names the file and what is wrong."""


def request_key(method: str, path: str, query: str) -> Key:
    pairs = tuple(sorted(parse_qsl(query, keep_blank_values=True)))
    return method.upper(), unquote(path), pairs


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


def _answer(raw: Any, where: str) -> Answer:
    try:
        status = int(raw["status"]["code"])
        headers_in = raw.get("headers") or {}
        body = (raw.get("body") or {}).get("string")
    except (KeyError, TypeError, ValueError) as exc:
        raise ReplayError(f"{where}: response has no status code ({exc})") from None
    if not 100 <= status <= 599:
        raise ReplayError(f"{where}: status {status} is not an HTTP status")
    if body is None:
        body = b""
    elif isinstance(body, str):
        body = body.encode("utf-8")
    elif not isinstance(body, bytes):
        raise ReplayError(f"{where}: response body.string is neither text nor binary")
    if not isinstance(headers_in, dict):
        raise ReplayError(f"{where}: response headers are not a mapping")
    headers: list[tuple[bytes, bytes]] = []
    for name, values in headers_in.items():
        if str(name).lower() in _NOT_REPLAYED:
            continue
        for value in values if isinstance(values, list) else [values]:
            headers.append((str(name).lower().encode("latin-1"), str(value).encode("latin-1")))
    return Answer(status, headers, body)


class Cassette:
    """The recorded answers by request key, each key's in recorded order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            size = path.stat().st_size
            if size > MAX_CASSETTE_BYTES:
                raise ReplayError(f"{path}: {size} bytes, more than {MAX_CASSETTE_BYTES}")
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            data = yaml.load(path.read_bytes(), Loader=loader)  # a safe loader
        except OSError as exc:
            raise ReplayError(f"{path}: cannot read the cassette ({exc.strerror})") from None
        except yaml.YAMLError as exc:
            raise ReplayError(f"{path}: not YAML ({str(exc)[:200]})") from None
        interactions = data.get("interactions") if isinstance(data, dict) else None
        if not isinstance(interactions, list):
            raise ReplayError(f"{path}: not a vcrpy cassette (no `interactions` list)")
        self.answers: dict[Key, deque[Answer]] = {}
        self.last: dict[Key, Answer] = {}
        for n, item in enumerate(interactions, 1):
            where = f"{path}: interaction {n}"
            try:
                request = item["request"]
                url = urlsplit(str(request["uri"]))
                key = request_key(str(request["method"]), url.path or "/", url.query)
            except (KeyError, TypeError, ValueError) as exc:
                raise ReplayError(f"{where}: request has no method and uri ({exc})") from None
            self.answers.setdefault(key, deque()).append(_answer(item.get("response"), where))
        self.size = len(interactions)

    def take(self, key: Key) -> Answer | None:
        """The next recorded answer to `key` (the last one again once all were given)."""
        queue = self.answers.get(key)
        if queue is None:
            return None
        if queue:
            self.last[key] = queue.popleft()
        return self.last[key]


class Replayer:
    """Answers a spec operation's request from the cassette, once it is authenticated."""

    def __init__(
        self, cassette: Cassette, only: bool, error_body: Callable[[int, str], bytes]
    ) -> None:
        self.cassette = cassette
        self.only = only
        self.error_body = error_body

    @classmethod
    def of(cls, config: MockConfig, error_body: Callable[[int, str], bytes]) -> Replayer | None:
        """The replayer the config asks for (`--replay`), or None."""
        if config.replay is None:
            return None
        return cls(Cassette(config.replay), config.replay_only, error_body)

    async def answer(self, scope: Scope, query: str, send: Send) -> bool:
        """Send the recorded answer (or, with `only`, the 404); False: not recorded, go on."""
        raw = scope.get("raw_path")
        path = raw.decode("latin-1") if raw else scope["path"]
        answer = self.cassette.take(request_key(scope["method"], path, query))
        if answer is None:
            if not self.only:
                return False
            target = path[:200] + (f"?{query[:200]}" if query else "")
            message = (
                f"not recorded: {scope['method']} {target} (--replay-only; "
                f"{self.cassette.path.name} holds {self.cassette.size} exchanges)"
            )
            answer = Answer(
                404, [(b"content-type", b"application/json")], self.error_body(404, message)
            )
        headers = [*answer.headers, (b"content-length", b"%d" % len(answer.body))]
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body})
        return True
