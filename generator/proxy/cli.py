"""`metastudio-proxy` / `make proxy UPSTREAM=... REGION=...`: run the proxy on uvicorn.

Prints a ready line, then one log line per exchange on stderr, and the summary table when it
stops (Ctrl-C or SIGTERM). Exit status: 0 after a clean stop, 2 for a usage or configuration
problem (missing credentials, a listen address that is not loopback).
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import logging
import socket
import sys
from pathlib import Path

from generator.runtime.errors import ConfigError

from .config import DEFAULT_PORT, DEFAULT_RATE, DEFAULT_TIMEOUT, ProxyConfig, parse_rate

__all__ = ["READY_PREFIX", "build_parser", "main"]

READY_PREFIX = "metastudio-proxy listening on "
EXIT_OK, EXIT_USAGE = 0, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="metastudio-proxy",
        description=(
            "A re-signing, validating, recording proxy in front of MetaStudio: every request is "
            "signed again with the client's credential chain (arguments, HUAWEICLOUD_SDK_AK/SK/"
            "PROJECT_ID/SECURITY_TOKEN or METASTUDIO_AUTH_TOKEN, then ~/.huaweicloud/credentials), "
            "and every exchange is checked against spec/metastudio.yaml. Read-only, budgeted and "
            "rate limited unless told otherwise. See docs/proxy.md."
        ),
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--upstream", help="the service, e.g. https://metastudio.cn-north-4.myhuaweicloud.com"
    )
    where.add_argument("--region", help="a region of the spec's servers, e.g. cn-north-4")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port; 0 picks a free one (default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--allow-remote-clients",
        action="store_true",
        help="allow a listen address that is not loopback (anyone reaching it signs as you)",
    )
    parser.add_argument("--allow-writes", action="store_true", help="also forward PUT and POST")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="answer a spec-breaking answer with 502 and refuse a spec-breaking request with 400",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=None,
        help="requests forwarded before every further one gets 429 (default 500; 0 = unlimited)",
    )
    parser.add_argument(
        "--rate", default=DEFAULT_RATE, help=f"N/s, N/m or N/h, or 'none' (default {DEFAULT_RATE})"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds for one whole upstream exchange, then 504 (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--record", type=Path, help="write the exchanges as a vcrpy cassette (YAML)"
    )
    parser.add_argument("--har", type=Path, help="write the exchanges as HAR 1.2")
    parser.add_argument(
        "--ca-file", type=Path, help="also trust this CA bundle (TLS stays verified)"
    )
    parser.add_argument("--ak", help="access key (the SK comes from the environment or the file)")
    parser.add_argument("--project-id", help="project id (default: the credential source's)")
    parser.add_argument(
        "--log-level",
        default="info",
        choices=["error", "warning", "info", "debug"],
        help="default info",
    )
    return parser


def _is_loopback(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def _bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.listen(512)
    return sock


def _config(args: argparse.Namespace) -> ProxyConfig:
    from .config import resolve_upstream

    upstream = resolve_upstream(args.upstream, args.region, ak=args.ak, project_id=args.project_id)
    rate = None if args.rate.strip().lower() == "none" else parse_rate(args.rate)
    if args.max_requests is not None and args.max_requests < 0:
        raise ValueError("--max-requests must be >= 0")
    if not args.timeout > 0:
        raise ValueError("--timeout must be > 0")
    budget = ProxyConfig.max_requests if args.max_requests is None else (args.max_requests or None)
    return ProxyConfig(
        upstream=upstream,
        allow_writes=args.allow_writes,
        strict=args.strict,
        max_requests=budget,
        rate=rate,
        timeout=args.timeout,
        record=args.record,
        har=args.har,
        ca_file=args.ca_file,
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.allow_remote_clients and not _is_loopback(args.host):
        print(
            f"metastudio-proxy: refusing to listen on {args.host}: not a loopback address, and "
            "every client that reaches the proxy signs with your credentials "
            "(--allow-remote-clients to do it anyway)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        config = _config(args)
    except (ConfigError, ValueError) as exc:
        print(f"metastudio-proxy: {exc}", file=sys.stderr)
        return EXIT_USAGE
    import uvicorn  # imported late: `--help` stays fast

    from generator.mock.serve import server_config

    from .app import ProxyApp

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("metastudio-proxy: %(message)s"))
    proxy_log = logging.getLogger("metastudio.proxy")
    proxy_log.addHandler(handler)
    proxy_log.setLevel(args.log_level.upper())
    proxy_log.propagate = False
    app = ProxyApp(config)
    try:
        sock = _bind(args.host, args.port)
    except OSError as exc:
        print(f"metastudio-proxy: cannot bind {args.host}:{args.port}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    up = config.upstream
    who = f"AK {up.ak}" if up.ak else "IAM token"
    budget = "unlimited" if config.max_requests is None else str(config.max_requests)
    rate = "unlimited" if config.rate is None else f"{config.rate:g}/s"
    sts = " with STS token" if up.security_token else ""
    writes = "forwarded" if config.allow_writes else "refused (read-only; --allow-writes)"
    lines = [
        f"{READY_PREFIX}http://{shown}:{port} -> {up.endpoint}",
        f"  signing    : {who}{sts}; project {up.project_id}",
        f"  writes     : {writes}",
        f"  budget     : {budget} requests, rate {rate}, {config.timeout:g} s per exchange",
        f"  strict     : {'on' if config.strict else 'off (report only)'}",
    ]
    if config.record or config.har:
        lines.append(
            f"  recording  : {', '.join(str(p) for p in (config.record, config.har) if p)}"
        )
    print("\n".join(lines), flush=True)
    server = uvicorn.Server(server_config(app, log_level="warning"))
    # uvicorn re-raises Ctrl-C after its graceful shutdown: the usual way to stop a proxy
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
    print(app.tally.table(app.operations), flush=True)
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
