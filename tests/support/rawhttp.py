"""HTTP over a raw socket, for requests no client library will send (hostile bytes, slow or
broken heads): every call has a timeout and ends with the connection."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import orjson


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return orjson.loads(self.body)


def address(base_url: str) -> tuple[str, int]:
    parts = urlsplit(base_url)
    assert parts.hostname and parts.port
    return parts.hostname, parts.port


def build(
    method: str,
    target: str,
    headers: list[tuple[bytes, bytes]],
    body: bytes = b"",
    close: bool = True,
) -> bytes:
    """A request head plus body; Content-Length and (unless `close` is False)
    `Connection: close` are added."""
    lines = [f"{method} {target} HTTP/1.1".encode()]
    lines += [name + b": " + value for name, value in headers]
    if body or method in ("POST", "PUT"):
        lines.append(b"Content-Length: %d" % len(body))
    if close:
        lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def pipelined(
    base_url: str, requests: list[bytes], timeout: float = 10.0, read_after: float = 0.0
) -> list[RawResponse]:
    """Send every request at once on one connection (the last should close it), read (after
    `read_after` seconds) until the server closes, split the answers by their Content-Length."""
    raw = exchange_raw(base_url, b"".join(requests), timeout, read_after)
    answers: list[RawResponse] = []
    while raw:
        head, _, rest = raw.partition(b"\r\n\r\n")
        answer = parse(head + b"\r\n\r\n")
        length = int(answer.headers.get("content-length", "0"))
        answers.append(RawResponse(answer.status, answer.headers, rest[:length]))
        raw = rest[length:]
    return answers


def exchange_raw(
    base_url: str, data: bytes, timeout: float = 10.0, read_after: float = 0.0
) -> bytes:
    """Send `data` (from a thread, so a long pipeline and its answers cannot block each
    other), read until the server closes: every byte it sent."""
    with socket.create_connection(address(base_url), timeout=timeout) as sock:
        sender = threading.Thread(target=sock.sendall, args=(data,), daemon=True)
        sender.start()
        time.sleep(read_after)
        chunks: list[bytes] = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        sender.join(timeout)
    return b"".join(chunks)


def parse(raw: bytes) -> RawResponse:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0].startswith(b"HTTP/1.1 "), raw[:200]
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    return RawResponse(status, headers, body)


def exchange(base_url: str, data: bytes, timeout: float = 10.0) -> RawResponse:
    """Send `data`, read until the server closes, parse the one response."""
    return parse(exchange_raw(base_url, data, timeout))


def request(
    base_url: str,
    method: str,
    target: str,
    headers: list[tuple[bytes, bytes]],
    body: bytes = b"",
    timeout: float = 10.0,
) -> RawResponse:
    return exchange(base_url, build(method, target, headers, body), timeout)


def flood(base_url: str, head: bytes, filler: bytes, total: int, timeout: float = 5.0) -> bytes:
    """Send `head`, then `filler` repeated up to `total` bytes without ever ending the head,
    reading all the while; return what the server sent before it closed. The head never
    ends, so only a server that answers at its limit answers at all (before `timeout`)."""
    received: list[bytes] = []
    deadline = time.monotonic() + timeout
    with socket.create_connection(address(base_url), timeout=timeout) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        block = filler * max(1, 65536 // len(filler))
        sent = 0
        while time.monotonic() < deadline:
            if sent < total:
                try:
                    sent += sock.send(block)
                except BlockingIOError:
                    pass
                except OSError:  # closed by the server: read what it said
                    sent = total
            try:
                chunk = sock.recv(65536)
            except BlockingIOError:
                time.sleep(0.002)
                continue
            except OSError:
                break
            if not chunk:
                break
            received.append(chunk)
    return b"".join(received)
