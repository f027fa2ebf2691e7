"""`make bench` / `python -m generator bench`: parsing against the official SDK, then our mock
against Prism under the same load.

First (no Node, no servers): the show-2d-video-job page's example response, read from the spec,
is parsed into a model again and again (timeit, best of several runs) by

- huaweicloudsdkcore's own deserializer into `Show2DDigitalHumanVideoResponse` (what
  `show2_d_digital_human_video` does with every answer: `Client.deserialize` on the body,
  `Client._deserialize` on the decoded JSON),
- our generated client: `VideoJobDetail.from_dict` (what `MetaStudio.show_video_job` does),
- our generated pydantic models: `VideoJobDetail.model_validate` / `model_validate_json`,

both from the decoded JSON (a dict: the SDK's deserializer proper) and from the JSON body
(bytes, JSON decoding included: the figure users meet; the target: our client at least 6x the
SDK), printed in µs per parse with the ratios to the SDK. The parsers take turns in short
batches within each of 3 rounds (each keeps its fastest batch); every figure is the median of
the rounds with its spread. `--parse-only` stops there.

Then the load test, on four servers started side by side on free loopback ports:

- `metastudio-mock` (auth and validation on, as always),
- two limits on the mock's own server stack (`bench_bare.py`: uvicorn + uvloop + httptools, no
  routing, no work), each answering the very bytes the mock answered for the target: a bare
  ASGI app (`bare uvicorn`, the issue's limit), and the mock's own protocol answering every GET
  at once (`bare at once`, the limit of the path the mock's plain reads take),
- `prism mock spec/metastudio.yaml` (Prism 5.16 from the pinned Node tools in `.cache/node`),

each loaded with the same load generator on

- GET one training job (the page's example job), and
- GET the video job list with filters (state list, job type, sort, paging).

The servers take turns target by target within each of 3 rounds (the order rotates), so a
neighbour's burst on this shared machine hits them alike; every figure is the median of the
rounds with its spread (min-max), and the mock's share of the bare server is the median of the
per-round ratios. The machine's load is printed beside the figures.

Requests carry `X-Auth-Token` (the mock checks it; Prism only checks that the header is there):
a fixed header is all wrk can send, and an AK/SK signature would need a fresh date per request.

Load generator: wrk (`-t2 -c32` by default; `make bench` installs Debian's wrk first) when it is
on PATH; otherwise a small asyncio keep-alive loader in this file, for every server (its numbers
are lower; the ratios are what matter). Nothing is installed from here: the first line says
which loader runs and why. Last, durable writes: create+command pairs per second against the
mock, each write committed with synchronous=FULL before its answer, 3 rounds.
Not part of `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import decimal
import functools
import importlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator.bench_bare import READY_PREFIX as BARE_READY
from generator.mock.config import Credentials
from generator.mock.serve import spawn
from generator.spec import SPEC_PATH
from generator.specmodel import Transition, default_model

__all__ = ["ParseResult", "Result", "bench_parsing", "main", "parse_wrk"]

REPO = Path(__file__).resolve().parents[1]
SPEC = SPEC_PATH
NODE_DIR = REPO / ".cache" / "node"
PRISM = NODE_DIR / "node_modules" / ".bin" / "prism"
LIST_QUERY = (
    "state=SUCCEED,FAILED&job_type=2D_DIGITAL_HUMAN_VIDEO&sort_key=create_time"
    "&sort_dir=desc&offset=0&limit=10"
)


@dataclass
class Result:
    server: str
    target: str
    round: int
    loader: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    errors: int
    cpu_us: float = 0.0  # the server process's CPU time (user + system) per request


def _load() -> str:
    """The machine's load, printed beside every figure (its neighbours share the cores)."""
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5 min {five:.2f}) on {os.cpu_count()} CPUs"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@functools.cache
def _roles() -> dict[str, str]:
    """The operations the bench drives, by their role in the spec (no operationId by hand):
    the training lifecycle is the one the lifecycle writes drive, the video one has a list."""
    model = default_model()
    writes = model.lifecycle_writes()
    training = model.lifecycle_of_operation(writes[0]) if writes else None
    video = next((life for life in model.lifecycles.values() if model.lister_of(life)), None)
    if training is None or video is None:
        raise SystemExit("bench: the spec has no lifecycle write or no listed lifecycle")
    found = {
        "show_training": model.reader_of(training),
        "command": model.commander_of(training),
        "show_video": model.reader_of(video),
        "list_videos": model.lister_of(video),
    }
    missing = sorted(role for role, op in found.items() if op is None)
    if missing:
        raise SystemExit(f"bench: no operation in the role(s) {', '.join(missing)}")
    return {role: str(op) for role, op in found.items()}


def _targets(project_id: str) -> dict[str, str]:
    """The two loaded paths, from the spec's operations and its example job (seeded)."""
    model, roles = default_model(), _roles()
    show, listing = model.operation(roles["show_training"]), model.operation(roles["list_videos"])
    job = model.examples.of(show.operation_id, "job_id")
    return {
        "GET one training job": show.path.format(project_id=project_id, job_id=job),
        "GET filtered video list": f"{listing.path.format(project_id=project_id)}?{LIST_QUERY}",
    }


# --------------------------------------------------------------------------- parsing

PARSE_OPERATION = _roles()["show_video"]  # one video job: the biggest page example
PARSE_TARGET = 6.0  # our client at least this many times faster than the SDK, from the body
ROUNDS = 3  # every figure: the median of this many alternating rounds, with its spread


@dataclass
class ParseResult:
    parser: str
    source: str  # "dict" (decoded JSON) or "body" (JSON bytes)
    rounds: list[float]  # µs per parse, one figure per alternating round

    @property
    def microseconds(self) -> float:
        return statistics.median(self.rounds)


def example_body(operation_id: str = PARSE_OPERATION) -> bytes:
    """The 200 example response of an operation, read from the spec, as a JSON body."""
    model = default_model()
    doc, op = model.doc, model.operation(operation_id)
    response, _ = doc.deref(op.data["responses"]["200"])
    media = response["content"]["application/json"]
    if "example" in media:
        value = media["example"]
    else:
        example, _ = doc.deref(next(iter(media["examples"].values())))
        value = example["value"]
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


@contextmanager
def _home(folder: str) -> Iterator[None]:
    """HOME in a temporary folder while the SDK is imported (it writes $HOME/.huaweicloud)."""
    before = os.environ.get("HOME")
    os.environ["HOME"] = folder
    try:
        yield
    finally:
        if before is None:
            del os.environ["HOME"]
        else:
            os.environ["HOME"] = before


def _sdk_parsers(body: bytes) -> tuple[str, dict[str, Callable[[], Any]]]:
    """The response model of PARSE_OPERATION's SDK method (its `x-sdk-method`), and the
    official SDK's deserialization of the answer into it, from the decoded JSON and from the
    body, exactly as `Client.deserialize` does it (JSON numbers with a fraction as Decimal)."""
    from generator.crosscheck.sdk import response_class_name

    with tempfile.TemporaryDirectory(prefix="metastudio-sdk-home-") as home, _home(home):
        requests = importlib.import_module("requests")
        sdk = importlib.import_module("huaweicloudsdkmetastudio.v1")
    name = response_class_name(sdk, default_model().operation(PARSE_OPERATION).sdk_method)
    client = sdk.MetaStudioClient()
    response = requests.Response()
    response.status_code = 200
    response._content = body
    response.encoding = "utf-8"  # what requests takes from `charset=UTF-8`
    response.headers["Content-Type"] = "application/json;charset=UTF-8"
    data = json.loads(body, parse_float=decimal.Decimal)
    return name, {
        "dict": lambda: client._deserialize(data, name),
        "body": lambda: client.deserialize(response, name, None),
    }


def _calls_per_batch(fn: Callable[[], Any], batch_seconds: float) -> int:
    """How many calls make a batch of about `batch_seconds` (timeit's autorange, scaled)."""
    number, took = timeit.Timer(fn).autorange()
    return max(1, int(number * batch_seconds / max(took, 1e-9)))


def time_alternating(
    fns: dict[str, Callable[[], Any]],
    rounds: int = ROUNDS,
    batches: int = 20,
    batch_seconds: float = 0.005,
) -> dict[str, list[float]]:
    """Seconds per call of each function, one figure per round. Within a round the functions
    take turns, batch by batch (`batches` short batches each), and each keeps its fastest
    batch: on shared cores a neighbour's burst then slows every contender alike or none."""
    timers = {name: timeit.Timer(fn) for name, fn in fns.items()}
    numbers = {name: _calls_per_batch(fn, batch_seconds) for name, fn in fns.items()}
    figures: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        best = dict.fromkeys(fns, float("inf"))
        for _ in range(batches):
            for name, timer in timers.items():
                best[name] = min(best[name], timer.timeit(numbers[name]) / numbers[name])
        for name, seconds in best.items():
            figures[name].append(seconds)
    return figures


def bench_parsing(rounds: int = ROUNDS, batches: int = 20) -> list[ParseResult]:
    """Time the three parsers on the page's example (checking first that they agree)."""
    from metastudio_client.models import VideoJobDetail
    from metastudio_client.runtime.jsonbody import loads
    from metastudio_models import VideoJobDetail as PydanticVideoJobDetail

    body = example_body()
    data = json.loads(body)
    sdk_response, sdk = _sdk_parsers(body)
    parsers: dict[str, dict[str, Callable[[], Any]]] = {
        f"huaweicloudsdkcore {sdk_response}": sdk,
        "metastudio_client VideoJobDetail.from_dict": {
            "dict": lambda: VideoJobDetail.from_dict(data),
            "body": lambda: VideoJobDetail.from_dict(loads(body)),  # as the facade does
        },
        "metastudio_models VideoJobDetail (pydantic)": {
            "dict": lambda: PydanticVideoJobDetail.model_validate(data),
            "body": lambda: PydanticVideoJobDetail.model_validate_json(body),
        },
    }
    for name, by_source in parsers.items():  # the same job, whoever parses it
        for source, parse in by_source.items():
            parsed = parse()
            state = getattr(parsed.state, "value", parsed.state)
            assert (parsed.job_id, state) == (data["job_id"], data["state"]), (name, source)
            assert len(parsed.shoot_scripts) == len(data["shoot_scripts"]), (name, source)
    keys = [(name, source) for name, by_source in parsers.items() for source in by_source]
    fns = {f"{name} ({source})": parsers[name][source] for name, source in keys}
    figures = time_alternating(fns, rounds=rounds, batches=batches)
    return [
        ParseResult(name, source, [s * 1e6 for s in figures[f"{name} ({source})"]])
        for name, source in keys
    ]


def spread(values: list[float]) -> str:
    """`median (min-max)` of per-round figures."""
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def parse_table(results: list[ParseResult]) -> str:
    by = {(r.parser, r.source): r for r in results}
    parsers = list(dict.fromkeys(r.parser for r in results))
    sdk = parsers[0]

    def ratios(parser: str, source: str) -> list[float]:
        """The SDK's time over this parser's, round by round (both timed in that round)."""
        theirs, ours = by[(sdk, source)].rounds, by[(parser, source)].rounds
        return [t / o for t, o in zip(theirs, ours, strict=True)]

    lines = [
        "| parser | from dict µs/parse | from JSON body µs/parse | vs SDK (dict) | vs SDK (body) |",
        "|---|---:|---:|---:|---:|",
    ]
    for parser in parsers:
        d, b = by[(parser, "dict")], by[(parser, "body")]
        lines.append(
            f"| {parser} | {spread(d.rounds)} | {spread(b.rounds)} |"
            f" x{spread(ratios(parser, 'dict'))} | x{spread(ratios(parser, 'body'))} |"
        )
    ours = parsers[1]
    from_dict = statistics.median(ratios(ours, "dict"))
    from_body = statistics.median(ratios(ours, "body"))
    verdict = "met" if from_body >= PARSE_TARGET else "NOT met"
    lines.append(
        f"\n{ours}: x{from_body:.2f} the speed of the SDK from the JSON body, decoding included"
        f" (target x{PARSE_TARGET:g}: {verdict}); x{from_dict:.2f} from the decoded JSON."
        f" Median of {len(by[(sdk, 'dict')].rounds)} alternating rounds (min-max)."
    )
    return "\n".join(lines)


def _parse_section(rounds: int) -> int:
    body = example_body()
    print(
        f"bench: parsing the {PARSE_OPERATION} page example ({len(body):,} bytes of JSON), "
        f"{rounds} alternating rounds; {_load()}",
        flush=True,
    )
    try:
        results = bench_parsing(rounds=rounds)
    except ImportError as exc:
        print(f"bench: parsing skipped: {exc}", file=sys.stderr)
        return 0
    print(parse_table(results), flush=True)
    print()
    return 0


# --------------------------------------------------------------------------- servers


@contextmanager
def _mock(credentials: Credentials, db: Path, tree: Path = REPO) -> Iterator[str]:
    with _mock_process(credentials, db, tree) as (base_url, _):
        yield base_url


@contextmanager
def _mock_process(
    credentials: Credentials, db: Path, tree: Path = REPO
) -> Iterator[tuple[str, int]]:
    """The mock of the code in `tree` (this checkout, or a baseline's `git archive`): its
    base URL and process id."""
    proc, base_url, _ = spawn(db, credentials, cwd=tree, timeout=30)
    try:
        yield base_url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ensure_prism() -> Path:
    if PRISM.exists():
        return PRISM
    print("installing the pinned Node tools into .cache/node (npm ci) ...", flush=True)
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(REPO / "generator" / "node" / name, NODE_DIR / name)
    subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=NODE_DIR, check=True)
    return PRISM


@contextmanager
def _prism(token: str, path: str) -> Iterator[tuple[str, int]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [str(_ensure_prism()), "mock", str(SPEC), "-h", "127.0.0.1", "-p", str(port)]
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError("Prism exited:\n" + log.read()[-2000:])
                if _status(base + path, token) is not None:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError("Prism did not start within 90 s")
                time.sleep(0.25)
            yield base, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def _answer(url: str, token: str) -> dict[str, Any]:
    """The mock's answer to a target (status, headers, body): what the bare server repeats.
    Date is the server's own; Connection is left out (urllib asks for close, wrk keeps alive)."""
    request = urllib.request.Request(url, headers={"X-Auth-Token": token})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        status, headers, body = exc.code, exc.headers, exc.read()
    dropped = ("date", "server", "connection")
    kept = [[k.lower(), v] for k, v in headers.items() if k.lower() not in dropped]
    return {"status": int(status), "headers": kept, "body": body.decode("utf-8")}


@contextmanager
def _bare(answer: dict[str, Any], folder: Path, at_once: bool = False) -> Iterator[tuple[str, int]]:
    """`bench_bare` serving `answer` in its own process; yields its base URL and pid."""
    spec = folder / f"bare-{_free_port()}.json"
    spec.write_text(json.dumps(answer), encoding="utf-8")
    cmd = [sys.executable, "-m", "generator.bench_bare", str(spec)]
    if at_once:
        cmd.append("--at-once")
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith(BARE_READY):
            raise RuntimeError(f"the bare server did not start: {line!r}")
        yield line[len(BARE_READY) :].strip(), proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _status(url: str, token: str) -> int | None:
    request = urllib.request.Request(url, headers={"X-Auth-Token": token})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (OSError, urllib.error.URLError):
        return None


# --------------------------------------------------------------------------- loaders


def choose_loader(requested: str) -> tuple[str | None, str]:
    """(wrk's path or None, why): wrk when asked for or found on PATH, else the built-in
    asyncio loader. Never installs anything."""
    found = shutil.which("wrk") if requested != "python" else None
    if found:
        return found, f"wrk ({found})"
    if requested == "python":
        return None, "python-asyncio (asked for with --loader python)"
    return None, "python-asyncio (wrk is not on PATH; install it for higher load)"


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> tuple[float, float, float, int, int]:
    """(requests/s, p50 ms, p99 ms, non-2xx, socket errors) from `wrk --latency` output."""
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return (
        rps,
        p50,
        p99,
        int(non2xx.group(1)) if non2xx else 0,
        sum(int(g) for g in errors.groups()) if errors else 0,
    )


def _run_wrk(
    wrk: str, url: str, token: str, seconds: float, threads: int, connections: int
) -> tuple[float, float, float, int, int]:
    cmd = [wrk, f"-t{threads}", f"-c{connections}", f"-d{max(int(seconds), 1)}s", "--latency"]
    cmd += ["-H", f"X-Auth-Token: {token}", url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, check=True)
    return parse_wrk(done.stdout)


async def _read_answer(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    """One HTTP/1.1 answer framed by Content-Length: its head and its body."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = re.search(rb"(?i)content-length:\s*(\d+)", head)
    body = await reader.readexactly(int(length.group(1))) if length else b""
    return head, body


async def _python_load(
    url: str, token: str, seconds: float, connections: int
) -> tuple[float, float, float, int, int]:
    """A keep-alive HTTP/1.1 loader on asyncio streams (fallback when wrk is unavailable)."""
    match = re.fullmatch(r"http://([^/:]+):(\d+)(/.*)", url)
    assert match, url
    host, port, target = match.group(1), int(match.group(2)), match.group(3)
    request = (
        f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nX-Auth-Token: {token}\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    non2xx = errors = 0
    stop = time.monotonic() + seconds

    async def worker() -> None:
        nonlocal non2xx, errors
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            errors += 1
            return
        try:
            while time.monotonic() < stop:
                started = time.perf_counter()
                writer.write(request)
                head, _ = await _read_answer(reader)
                latencies.append(time.perf_counter() - started)
                if not head.startswith((b"HTTP/1.1 2", b"HTTP/1.0 2")):
                    non2xx += 1
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            errors += 1
        finally:
            writer.close()

    began = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.monotonic() - began
    latencies.sort()
    if not latencies:
        return 0.0, 0.0, 0.0, non2xx, errors
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    return len(latencies) / elapsed, p50, p99, non2xx, errors


# --------------------------------------------------------------------------- main

MOCK, BARE, AT_ONCE, PRISM_NAME = "metastudio-mock", "bare uvicorn", "bare at once", "prism"


def _share(results: list[Result], target: str, ours: str, theirs: str) -> list[float]:
    """`ours` over `theirs` in requests/s, round by round (both measured in that round)."""
    by = {(r.server, r.round): r.requests_per_second for r in results if r.target == target}
    rounds = sorted({r for (_, r) in by})
    return [
        by[(ours, r)] / by[(theirs, r)] for r in rounds if (ours, r) in by and by.get((theirs, r))
    ]


def _cpu_share(results: list[Result], target: str, limit: str = BARE) -> list[float]:
    """A bare server's CPU per request over the mock's, round by round: the share of the
    limit the mock would reach with a core to itself (what neighbours' load disturbs least)."""
    by = {(r.server, r.round): r.cpu_us for r in results if r.target == target}
    return [
        by[(limit, r)] / by[(MOCK, r)]
        for (server, r) in by
        if server == MOCK and by.get((limit, r)) and by[(MOCK, r)]
    ]


def _table(results: list[Result]) -> str:
    lines = [
        "| target | server | requests/s | CPU µs/request | p50 ms | p99 ms | non-2xx | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    targets = list(dict.fromkeys(r.target for r in results))
    servers = list(dict.fromkeys(r.server for r in results))
    for target in targets:
        for server in servers:
            runs = [r for r in results if (r.target, r.server) == (target, server)]
            if not runs:
                continue
            rps = [r.requests_per_second for r in runs]
            cpu = [r.cpu_us for r in runs]
            lines.append(
                f"| {target} | {server} | {statistics.median(rps):,.0f}"
                f" ({min(rps):,.0f}-{max(rps):,.0f}) |"
                f" {statistics.median(cpu):.1f} ({min(cpu):.1f}-{max(cpu):.1f}) |"
                f" {statistics.median(r.p50_ms for r in runs):.2f} |"
                f" {statistics.median(r.p99_ms for r in runs):.2f} |"
                f" {sum(r.non_2xx for r in runs)} | {sum(r.errors for r in runs)} |"
            )
    for target in targets:
        parts = []
        for ours, theirs, label in (
            (MOCK, BARE, "mock's share of the bare server"),
            (MOCK, AT_ONCE, "of the bare server answering at once"),
            (PRISM_NAME, BARE, "Prism's share"),
            (MOCK, PRISM_NAME, "mock/Prism"),
        ):
            ratios = _share(results, target, ours, theirs)
            if ratios:
                parts.append(f"{label} x{spread(ratios)}")
        for limit, label in ((BARE, "bare server"), (AT_ONCE, "bare server answering at once")):
            costs = _cpu_share(results, target, limit)
            if costs:
                parts.append(
                    f"by CPU per request, the mock's share of the {label} x{spread(costs)}"
                )
        if parts:
            lines.append(f"\n{target}: " + "; ".join(parts))
    rounds = len({r.round for r in results})
    lines.append(
        f"\n(median of {rounds} alternating rounds, min-max in brackets; a share is the median"
        " of the per-round ratios)"
    )
    return "\n".join(lines)


def write_pair() -> tuple[str, Transition]:
    """The command operation's path template and the spec's first unguarded command
    transition: one create (held in its source state) and this command make a pair."""
    model = default_model()
    command_op = _roles()["command"]
    life = model.lifecycle_of_operation(command_op)
    assert life is not None, "the command operation has no x-lifecycle"
    step = next(t for t in life.transitions if t.guard is None and t.trigger in model.commands)
    return model.operation(command_op).path, step


def synced_writes(base: str, credentials: Credentials, seconds: float, writers: int = 16) -> float:
    """Durable writes per second: `writers` keep-alive connections each create a job (control
    API) and move it with a command, both committed with synchronous=FULL before the answer
    (concurrent writes share one commit: group commit). The loader is raw asyncio streams, as
    light as wrk is for reads: a Python HTTP client per thread spent more CPU than the mock
    and measured itself. Was a unit-test threshold (40 pairs in 10 s), too timing-sensitive on
    shared cores; measured here."""
    return asyncio.run(_synced_writes(base, credentials, seconds, writers))


async def _synced_writes(
    base: str, credentials: Credentials, seconds: float, writers: int
) -> float:
    match = re.fullmatch(r"http://([^/:]+):(\d+)", base)
    assert match, base
    host, port = match.group(1), int(match.group(2))
    project, done = credentials.project_id, [0] * writers
    command, step = write_pair()
    create = json.dumps({"state": step.sources[0], "hold": True}).encode()
    move = json.dumps({"command": step.trigger}).encode()

    def post(target: str, body: bytes) -> bytes:
        return (
            f"POST {target} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"X-Auth-Token: {credentials.token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body

    create_request = post(f"/_mock/v1/{project}/training-jobs", create)
    # every round starts from the seeded state: the same table sizes, and far from the cap
    reader, stream = await asyncio.open_connection(host, port)
    stream.write(post("/_mock/reset", b"{}"))
    head, body = await _read_answer(reader)
    stream.close()
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"bench: the mock refused a reset: {head[:40]!r} {body!r}")
    deadline = 0.0

    async def writer(index: int) -> None:
        reader, stream = await asyncio.open_connection(host, port)
        try:
            while time.monotonic() < deadline:
                stream.write(create_request)
                head, body = await _read_answer(reader)
                if not head.startswith(b"HTTP/1.1 2"):
                    raise RuntimeError(f"bench: the mock refused a create: {head[:40]!r} {body!r}")
                path = command.format(project_id=project, job_id=json.loads(body)["job_id"])
                stream.write(post(path, move))
                head, _ = await _read_answer(reader)
                done[index] += head.startswith(b"HTTP/1.1 200")
        finally:
            stream.close()

    deadline = time.monotonic() + seconds
    began = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(writer(i) for i in range(writers))), seconds + 30)
    return sum(done) / max(time.monotonic() - began, seconds)


def against_baseline(
    ref: str,
    credentials: Credentials,
    path: str,
    rounds: int,
    seconds: float,
    load: Callable[[str], float],
) -> dict[str, list[tuple[float, float]]]:
    """This checkout's mock and `ref`'s (its `git archive`), both running, loaded in
    alternating rounds on `path`: per round, req/s and the mock process's CPU microseconds
    per request. The CPU cost per request is the figure that survives a busy machine; req/s
    moves with whatever else runs."""
    measured: dict[str, list[tuple[float, float]]] = {"this checkout": [], ref: []}
    with tempfile.TemporaryDirectory(prefix="metastudio-baseline-") as tmp:
        tree = Path(tmp) / "tree"
        tree.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", ref], capture_output=True, check=True, timeout=60
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True, timeout=60)
        with (
            _mock_process(credentials, Path(tmp) / "ours.sqlite") as ours,
            _mock_process(credentials, Path(tmp) / "theirs.sqlite", tree) as theirs,
        ):
            servers = [("this checkout", *ours), (ref, *theirs)]
            for i in range(rounds + 1):
                for name, base, pid in servers if i % 2 == 0 else servers[::-1]:
                    cpu = _cpu_seconds(pid)
                    rate = load(base + path)
                    used = _cpu_seconds(pid) - cpu
                    if i > 0:  # round 0 warms both up
                        measured[name].append((rate, used * 1e6 / max(rate * seconds, 1.0)))
    return measured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per run (default 5)")
    parser.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds per server")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=32, help="connections (default 32)")
    parser.add_argument(
        "--loader", choices=["auto", "wrk", "python"], default="auto", help="load generator"
    )
    parser.add_argument("--no-prism", action="store_true", help="leave Prism out")
    parser.add_argument("--writers", type=int, default=16, help="durable-write threads")
    parser.add_argument("--json", type=Path, help="also write the load results as JSON here")
    parser.add_argument(
        "--parse-only", action="store_true", help="only the parsing comparison (no servers)"
    )
    parser.add_argument("--no-parse", action="store_true", help="skip the parsing comparison")
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="instead of the load test: this mock against the mock of git REF (say main) on"
        " the one-job target, in alternating rounds (--rounds) of --duration seconds; prints"
        " req/s and the mock's CPU time per request",
    )
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help=f"alternating rounds (default {ROUNDS})"
    )
    args = parser.parse_args(argv)

    if not args.no_parse:
        _parse_section(args.rounds)
    from generator.bench_cli import startup_section  # `metastudio --help` start-up time

    startup_section()
    if args.parse_only:
        return 0

    wrk, why = choose_loader(args.loader)
    if args.loader == "wrk" and wrk is None:
        print("bench: --loader wrk, but wrk is not on PATH", file=sys.stderr)
        return 1
    loader = "wrk" if wrk else "python-asyncio"
    print(f"bench: load generator {why}", flush=True)
    credentials = Credentials.from_env()
    token = credentials.token
    targets = _targets(credentials.project_id)
    if args.baseline:

        def load(url: str) -> float:
            if wrk:
                return _run_wrk(wrk, url, token, args.duration, args.threads, args.connections)[0]
            return asyncio.run(_python_load(url, token, args.duration, args.connections))[0]

        one_job = next(iter(targets.values()))
        measured = against_baseline(
            args.baseline, credentials, one_job, args.rounds, args.duration, load
        )
        medians = {}
        for name, runs in measured.items():
            rates = ", ".join(f"{rate:,.0f}" for rate, _ in runs)
            costs = ", ".join(f"{cost:,.0f}" for _, cost in runs)
            medians[name] = statistics.median(c for _, c in runs)
            print(f"  {name:14}: {rates} req/s; {costs} CPU µs/request")
        mine, theirs = medians.values()
        ratio = mine / theirs
        print(f"  one-job CPU per request, median: {mine:,.1f} vs {theirs:,.1f} µs, {ratio:.3f}")
        return 0

    def run(url: str, seconds: float) -> tuple[float, float, float, int, int]:
        if wrk:
            return _run_wrk(wrk, url, token, seconds, args.threads, args.connections)
        return asyncio.run(_python_load(url, token, seconds, args.connections))

    print(
        f"bench: loader {loader}, {args.connections} connections, {args.duration:g} s per run,"
        f" {args.rounds} alternating rounds; {_load()} (servers and loader share the CPUs)",
        flush=True,
    )
    results: list[Result] = []
    writes: list[float] = []
    with tempfile.TemporaryDirectory(prefix="metastudio-bench-") as tmp, ExitStack() as stack:
        try:
            mock, mock_pid = stack.enter_context(
                _mock_process(credentials, Path(tmp) / "state.sqlite")
            )
            pids: dict[tuple[str, str], int] = {}
            urls: dict[str, dict[str, str]] = {
                name: {MOCK: mock + p} for name, p in targets.items()
            }
            for name, path in targets.items():
                answer = _answer(mock + path, token)
                if answer["status"] != 200:
                    print(f"bench: warning: the mock answers {answer['status']} on {name}")
                for limit in (BARE, AT_ONCE):
                    bare, pids[(name, limit)] = stack.enter_context(
                        _bare(answer, Path(tmp), at_once=limit == AT_ONCE)
                    )
                    urls[name][limit] = bare + path
                pids[(name, MOCK)] = mock_pid
            if not args.no_prism:
                prism, prism_pid = stack.enter_context(_prism(token, next(iter(targets.values()))))
                for name, path in targets.items():
                    urls[name][PRISM_NAME] = prism + path
                    pids[(name, PRISM_NAME)] = prism_pid
            for name, by_server in urls.items():
                for server, url in by_server.items():
                    status = _status(url, token)
                    if status != 200:
                        print(f"bench: warning: {server} answers {status} on {name}")
                    if args.warmup > 0:
                        run(url, args.warmup)
            for round_no in range(args.rounds):
                for name, by_server in urls.items():
                    servers = list(by_server)
                    shift = round_no % len(servers)
                    for server in servers[shift:] + servers[:shift]:  # the order rotates
                        pid = pids[(name, server)]
                        cpu = _cpu_seconds(pid)
                        numbers = run(by_server[server], args.duration)
                        cpu = _cpu_seconds(pid) - cpu
                        served = max(numbers[0] * args.duration, 1.0)
                        result = Result(server, name, round_no + 1, loader, *numbers)
                        result.cpu_us = cpu / served * 1e6
                        results.append(result)
                        print(
                            f"  round {round_no + 1} {server:16} {name:24}"
                            f" {numbers[0]:10,.0f} req/s {result.cpu_us:7.1f} µs CPU/request"
                            f"  ({_load()})",
                            flush=True,
                        )
            for round_no in range(args.rounds):
                rate = synced_writes(mock, credentials, args.duration, args.writers)
                writes.append(rate)
                print(
                    f"  round {round_no + 1} {MOCK:16} durable create+command {rate:9,.1f}"
                    f" pairs/s ({args.writers} writers; {_load()})",
                    flush=True,
                )
        except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1
    print()
    print(_table(results))
    if writes:
        print(
            f"\ndurable create+command (synchronous=FULL, {args.writers} writers):"
            f" {spread(writes)} pairs/s"
        )
    print(f"\n{_load()}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return 0
