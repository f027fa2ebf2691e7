"""`metastudio-mock` / `python -m generator mock` / `make mock`: run the mock on uvicorn."""

from __future__ import annotations

import argparse
import importlib.util
import logging
import socket
import sqlite3
import sys
from pathlib import Path

from generator.spec import SpecLoadError

from .config import DEFAULT_DB, DEFAULT_MAX_BODY, DEFAULT_MAX_UPLOAD, Credentials, MockConfig
from .lifecycle import LifecycleError
from .limits import default_max_connections
from .model import SpecError
from .replay import ReplayError

__all__ = ["READY_PREFIX", "build_parser", "main"]

READY_PREFIX = "metastudio-mock listening on "


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError("must be a finite number > 0")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="metastudio-mock",
        description=(
            "Stateful mock of the Huawei Cloud MetaStudio API, built from spec/metastudio.yaml. "
            "Credentials come from HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, "
            "HUAWEICLOUD_SDK_PROJECT_ID and METASTUDIO_AUTH_TOKEN (defaults printed at start)."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8000, help="port to bind; 0 picks a free one (default 8000)"
    )
    parser.add_argument(
        "--db", type=Path, default=DEFAULT_DB, help=f"SQLite state file (default {DEFAULT_DB})"
    )
    parser.add_argument(
        "--speed",
        type=_positive,
        default=1.0,
        help="lifecycle clock speed: a step of N nominal seconds takes N/speed s (default 1)",
    )
    parser.add_argument("--spec", type=Path, default=None, help="OpenAPI document to serve")
    parser.add_argument(
        "--max-body",
        type=int,
        default=DEFAULT_MAX_BODY,
        help=f"largest API request body in bytes (default {DEFAULT_MAX_BODY})",
    )
    parser.add_argument(
        "--max-upload",
        type=int,
        default=DEFAULT_MAX_UPLOAD,
        help=f"largest upload through an upload URL in bytes (default {DEFAULT_MAX_UPLOAD})",
    )
    parser.add_argument(
        "--public-url",
        default=None,
        help="base URL of the upload URLs the mock hands out, when it sits behind a proxy"
        " (default: the address the client connected to; never taken from a request header)",
    )
    parser.add_argument(
        "--faults",
        type=Path,
        default=None,
        help="a fault plan (YAML or JSON list of fault rules) loaded at start (docs/faults.md)",
    )
    parser.add_argument(
        "--no-seed", action="store_true", help="do not add the example and generated jobs"
    )
    parser.add_argument(
        "--log-level",
        default="warning",
        choices=["critical", "error", "warning", "info", "debug"],
        help="log level of uvicorn and of the mock (default warning)",
    )
    parser.add_argument("--access-log", action="store_true", help="log every request")
    parser.add_argument(
        "--replay",
        type=Path,
        default=None,
        help="answer the exchanges of this cassette (vcrpy YAML, e.g. from metastudio-proxy"
        " --record) first, by method, path and query; the rest is served statefully",
    )
    parser.add_argument(
        "--replay-only",
        action="store_true",
        help="with --replay: answer what the cassette did not record with a 404",
    )
    return parser


def _bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.listen(2048)  # connections queue from here on, before uvicorn serves them
    sock.set_inheritable(True)
    return sock


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.replay_only and args.replay is None:
        parser.error("--replay-only needs --replay FILE")
    import uvicorn  # imported late: `--help` stays fast

    from .app import create_app
    from .faults import PlanError
    from .serve import server_config
    from .store import StoreError

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("metastudio-mock: %(levelname)s: %(message)s"))
    mock_log = logging.getLogger("metastudio.mock")
    mock_log.addHandler(handler)
    mock_log.setLevel(args.log_level.upper())
    mock_log.propagate = False
    credentials = Credentials.from_env()
    defaults = MockConfig()
    config = MockConfig(
        db_path=args.db,
        credentials=credentials,
        speed=args.speed,
        spec_path=args.spec or defaults.spec_path,
        max_body_bytes=args.max_body,
        max_upload_bytes=args.max_upload,
        seed=not args.no_seed,
        public_url=args.public_url,
        faults_path=args.faults,
        replay=args.replay,
        replay_only=args.replay_only,
    )
    try:
        app = create_app(config)
    except (
        SpecLoadError,
        SpecError,
        LifecycleError,
        OSError,
        RuntimeError,
        ReplayError,
        sqlite3.Error,
        StoreError,
        PlanError,
    ) as exc:
        print(f"metastudio-mock: cannot start: {exc}", file=sys.stderr)
        return 1
    try:
        sock = _bind(args.host, args.port)
    except OSError as exc:
        print(f"metastudio-mock: cannot bind {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    lines = [
        f"{READY_PREFIX}http://{shown}:{port}",
        f"  state      : {config.db_path}  (speed {config.speed:g})",
        f"  spec       : {config.spec_path}",
        f"  uploads    : {config.public_url or 'the address the client connected to'}",
        *([f"  faults     : {args.faults}  (GET /_mock/faults lists them)"] if args.faults else []),
        f"  limits     : {default_max_connections()} connections,"
        f" {config.header_timeout_seconds:g} s to send a request,"
        f" {config.idle_timeout_seconds:g} s idle (README: Mock server, Limits)",
        *credentials.describe(),
        "  control API: /_mock/ (see README.md, section Mock server)",
    ]
    if config.replay is not None:
        rest = "404 (--replay-only)" if config.replay_only else "served statefully"
        lines.append(f"  replay     : {config.replay} first; everything else {rest}")
    print("\n".join(lines), flush=True)
    has_uvloop = importlib.util.find_spec("uvloop") is not None
    server = uvicorn.Server(
        server_config(
            app,
            loop="uvloop" if has_uvloop else "asyncio",
            access_log=args.access_log,
            log_level=args.log_level,
        )
    )
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
