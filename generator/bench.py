"""`make bench` / `python -m generator bench`: parsing against the official SDK, then our mock
against Prism under the same load.

First (no Node, no servers): the show-2d-video-job page's example response, read from the spec,
is parsed into a model again and again (timeit, best of several runs) by

- huaweicloudsdkcore's own deserializer into `Show2DDigitalHumanVideoResponse` (what
  `show2_d_digital_human_video` does with every answer: `Client.deserialize` on the body,
  `Client._deserialize` on the decoded JSON),
- our generated client: `VideoJobDetail.from_dict` (what `MetaStudio.show_video_job` does),
- our generated pydantic models: `VideoJobDetail.model_validate` / `model_validate_json`,

both from the decoded JSON (a dict: the SDK's deserializer proper, the target: our client at
least 3x faster) and from the JSON body (bytes, JSON decoding included), printed in µs per
parse with the ratios to the SDK. `--parse-only` stops there.

Then the load test:

Starts `metastudio-mock` (auth and validation on, as always) and `prism mock
spec/metastudio.yaml` (Prism 5.16 from the pinned Node tools in `.cache/node`) on free loopback
ports, then loads both, one after the other, with the same load generator, on:

- GET one training job (the page's example job), and
- GET the video job list with filters (state list, job type, sort, paging).

Requests carry `X-Auth-Token` (the mock checks it; Prism only checks that the header is there):
a fixed header is all wrk can send, and an AK/SK signature would need a fresh date per request.

Load generator: wrk (`-t2 -c32` by default) when it is on PATH; otherwise a small asyncio
keep-alive loader in this file, for both servers (its numbers are lower; the ratio is what
matters). Nothing is installed on the system: the first line says which loader runs and why.
Prints requests/s, p50 and p99 latency per server and target, and the mock/Prism ratios.
Not part of `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import decimal
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
import threading
import time
import timeit
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from generator.mock.config import (
    Credentials,
)
from generator.mock.serve import spawn
from generator.spec import SPEC_PATH
from generator.specmodel import default_model

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
    loader: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    errors: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _targets(project_id: str) -> dict[str, str]:
    """The two loaded paths, from the spec's operations and its example job (seeded)."""
    model = default_model()
    show, listing = model.operation("show_training_job"), model.operation("list_video_jobs")
    job = model.examples.of(show.operation_id, "job_id")
    return {
        "GET one training job": show.path.format(project_id=project_id, job_id=job),
        "GET filtered video list": f"{listing.path.format(project_id=project_id)}?{LIST_QUERY}",
    }


# --------------------------------------------------------------------------- parsing

PARSE_OPERATION = "show_video_job"
SDK_RESPONSE = "Show2DDigitalHumanVideoResponse"  # what show2_d_digital_human_video returns
PARSE_TARGET = 3.0  # our client at least this many times faster than the SDK


@dataclass
class ParseResult:
    parser: str
    source: str  # "dict" (decoded JSON) or "body" (JSON bytes)
    microseconds: float  # per parse, best run


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


def _sdk_parsers(body: bytes) -> dict[str, Callable[[], Any]]:
    """The official SDK's deserialization of a Show2DDigitalHumanVideo answer, from the decoded
    JSON and from the body, exactly as `Client.deserialize` does it (JSON numbers with a
    fraction as Decimal)."""
    with tempfile.TemporaryDirectory(prefix="metastudio-sdk-home-") as home, _home(home):
        requests = importlib.import_module("requests")
        sdk = importlib.import_module("huaweicloudsdkmetastudio.v1")
    client = sdk.MetaStudioClient()
    response = requests.Response()
    response.status_code = 200
    response._content = body
    response.encoding = "utf-8"  # what requests takes from `charset=UTF-8`
    response.headers["Content-Type"] = "application/json;charset=UTF-8"
    data = json.loads(body, parse_float=decimal.Decimal)
    return {
        "dict": lambda: client._deserialize(data, SDK_RESPONSE),
        "body": lambda: client.deserialize(response, SDK_RESPONSE, None),
    }


def _best(fn: Callable[[], Any], repeat: int, min_time: float) -> float:
    """Seconds per call: timeit's autorange sizes a run to `min_time`, best of `repeat`."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(1, int(number * min_time / 0.2))
    return min(timer.repeat(repeat=repeat, number=number)) / number


def bench_parsing(repeat: int = 7, min_time: float = 0.2) -> list[ParseResult]:
    """Time the three parsers on the page's example (checking first that they agree)."""
    from metastudio_client.models import VideoJobDetail
    from metastudio_client.runtime.jsonbody import loads
    from metastudio_models import VideoJobDetail as PydanticVideoJobDetail

    body = example_body()
    data = json.loads(body)
    sdk = _sdk_parsers(body)
    parsers: dict[str, dict[str, Callable[[], Any]]] = {
        f"huaweicloudsdkcore {SDK_RESPONSE}": sdk,
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
    results = []
    for name, by_source in parsers.items():
        for source, parse in by_source.items():
            seconds = _best(parse, repeat, min_time)
            results.append(ParseResult(name, source, seconds * 1e6))
    return results


def parse_table(results: list[ParseResult]) -> str:
    by = {(r.parser, r.source): r.microseconds for r in results}
    parsers = list(dict.fromkeys(r.parser for r in results))
    sdk = parsers[0]
    lines = [
        "| parser | from dict µs/parse | from JSON body µs/parse | vs SDK (dict) | vs SDK (body) |",
        "|---|---:|---:|---:|---:|",
    ]
    for parser in parsers:
        d, b = by[(parser, "dict")], by[(parser, "body")]
        lines.append(
            f"| {parser} | {d:.1f} | {b:.1f} | x{by[(sdk, 'dict')] / d:.2f} |"
            f" x{by[(sdk, 'body')] / b:.2f} |"
        )
    ours = parsers[1]
    from_dict = by[(sdk, "dict")] / by[(ours, "dict")]
    from_body = by[(sdk, "body")] / by[(ours, "body")]
    verdict = "met" if from_dict >= PARSE_TARGET else "NOT met"
    lines.append(
        f"\n{ours}: x{from_dict:.2f} the speed of the SDK's deserializer on the decoded JSON "
        f"(target x{PARSE_TARGET:g}: {verdict}); x{from_body:.2f} from the JSON body, decoding "
        "included"
    )
    return "\n".join(lines)


def _parse_section(repeat: int) -> int:
    body = example_body()
    print(
        f"bench: parsing the {PARSE_OPERATION} page example ({len(body):,} bytes of JSON), "
        f"timeit best of {repeat}",
        flush=True,
    )
    try:
        results = bench_parsing(repeat=repeat)
    except ImportError as exc:
        print(f"bench: parsing skipped: {exc}", file=sys.stderr)
        return 0
    print(parse_table(results), flush=True)
    print()
    return 0


# --------------------------------------------------------------------------- servers


@contextmanager
def _mock(credentials: Credentials, db: Path, tree: Path = REPO) -> Iterator[str]:
    """The mock of the code in `tree` (this checkout, or a baseline's `git archive`)."""
    proc, base_url, _ = spawn(db, credentials, cwd=tree, timeout=30)
    try:
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


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
def _prism(token: str, path: str) -> Iterator[str]:
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
            yield base
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
                head = await reader.readuntil(b"\r\n\r\n")
                length = re.search(rb"(?i)content-length:\s*(\d+)", head)
                if length:
                    await reader.readexactly(int(length.group(1)))
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


def _table(results: list[Result]) -> str:
    lines = [
        "| target | server | requests/s | p50 ms | p99 ms | non-2xx | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.target} | {r.server} | {r.requests_per_second:,.0f} | {r.p50_ms:.2f} |"
            f" {r.p99_ms:.2f} | {r.non_2xx} | {r.errors} |"
        )
    by = {(r.target, r.server): r for r in results}
    for target in dict.fromkeys(r.target for r in results):
        ours, theirs = by.get((target, "metastudio-mock")), by.get((target, "prism"))
        if ours and theirs and theirs.requests_per_second:
            ratio = ours.requests_per_second / theirs.requests_per_second
            lines.append(
                f"\n{target}: mock/Prism throughput x{ratio:.2f},"
                f" p99 {ours.p99_ms:.2f} ms vs {theirs.p99_ms:.2f} ms"
            )
    return "\n".join(lines)


def synced_writes(base: str, credentials: Credentials, seconds: float, writers: int = 4) -> float:
    """Durable writes per second: `writers` threads each create a job (control API) and move it
    with a command, both committed with synchronous=FULL before the answer. Was a unit-test
    threshold (40 pairs in 10 s), too timing-sensitive on shared cores; measured here."""
    project, done = credentials.project_id, [0] * writers
    model = default_model()
    command = model.operation("execute_training_command").path
    life = model.lifecycle_of_operation("execute_training_command")
    assert life is not None, "the command operation has no x-lifecycle"
    # the spec's first unguarded command transition: one create + one command per pair
    step = next(t for t in life.transitions if t.guard is None and t.trigger in model.commands)
    deadline = time.monotonic() + seconds

    def writer(index: int) -> None:
        headers = {"X-Auth-Token": credentials.token}
        with httpx.Client(base_url=base, timeout=10, headers=headers) as client:
            while time.monotonic() < deadline:
                body = {"state": step.sources[0], "hold": True}
                job = client.post(f"/_mock/v1/{project}/training-jobs", json=body).json()
                path = command.format(project_id=project, job_id=job["job_id"])
                answer = client.post(path, json={"command": step.trigger})
                done[index] += answer.status_code == 200

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    return sum(done) / seconds


def against_baseline(
    ref: str, credentials: Credentials, path: str, rounds: int, load: Callable[[str], float]
) -> tuple[list[float], list[float]]:
    """req/s of this checkout's mock and of `ref`'s (its `git archive`), both running, loaded
    in alternating rounds on `path`: the same run, the same machine load for both."""
    ours: list[float] = []
    theirs: list[float] = []
    with tempfile.TemporaryDirectory(prefix="metastudio-baseline-") as tmp:
        tree = Path(tmp) / "tree"
        tree.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", ref], capture_output=True, check=True, timeout=60
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True, timeout=60)
        with (
            _mock(credentials, Path(tmp) / "ours.sqlite") as our_base,
            _mock(credentials, Path(tmp) / "theirs.sqlite", tree) as their_base,
        ):
            for i in range(rounds):
                pair = [(ours, our_base), (theirs, their_base)]
                for into, base in pair if i % 2 == 0 else pair[::-1]:
                    into.append(load(base + path))
    return ours, theirs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run (default 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per run")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=32, help="connections (default 32)")
    parser.add_argument(
        "--loader", choices=["auto", "wrk", "python"], default="auto", help="load generator"
    )
    parser.add_argument("--no-prism", action="store_true", help="load only the mock")
    parser.add_argument("--json", type=Path, help="also write the load results as JSON here")
    parser.add_argument(
        "--parse-only", action="store_true", help="only the parsing comparison (no servers)"
    )
    parser.add_argument("--no-parse", action="store_true", help="skip the parsing comparison")
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="instead of the load test: this mock against the mock of git REF (say main) on"
        " the one-job target, in alternating rounds (--rounds) of --duration seconds",
    )
    parser.add_argument("--rounds", type=int, default=6, help="rounds per mock for --baseline")
    parser.add_argument(
        "--parse-repeat", type=int, default=7, help="timeit runs per parser (default 7)"
    )
    args = parser.parse_args(argv)

    if not args.no_parse:
        _parse_section(args.parse_repeat)
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
        ours, theirs = against_baseline(args.baseline, credentials, one_job, args.rounds, load)
        mine, baseline = statistics.median(ours), statistics.median(theirs)
        print(f"  this checkout : {', '.join(f'{r:,.0f}' for r in ours)} req/s")
        print(f"  {args.baseline:14}: {', '.join(f'{r:,.0f}' for r in theirs)} req/s")
        ratio = mine / baseline
        print(f"  one-job median: {mine:,.0f} vs {baseline:,.0f} req/s, ratio {ratio:.3f}")
        return 0

    def measure(server: str, base: str) -> list[Result]:
        out = []
        for name, path in targets.items():
            url = base + path
            status = _status(url, token)
            if status != 200:
                print(f"bench: warning: {server} answers {status} on {name}", file=sys.stderr)
            for seconds, keep in ((args.warmup, False), (args.duration, True)):
                if seconds <= 0:
                    continue
                if wrk:
                    numbers = _run_wrk(wrk, url, token, seconds, args.threads, args.connections)
                else:
                    numbers = asyncio.run(_python_load(url, token, seconds, args.connections))
                if keep:
                    out.append(Result(server, name, loader, *numbers))
                    print(f"  {server:16} {name:24} {numbers[0]:10,.0f} req/s", flush=True)
        return out

    print(
        f"bench: loader {loader}, {args.connections} connections, {args.duration:g} s per run, "
        f"{os.cpu_count()} CPUs (servers and loader share them)",
        flush=True,
    )
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="metastudio-bench-") as tmp:
        try:
            with _mock(credentials, Path(tmp) / "state.sqlite") as base:
                results += measure("metastudio-mock", base)
                rate = synced_writes(base, credentials, max(args.duration, 1.0))
                print(f"  metastudio-mock  durable create+command {rate:9,.1f} pairs/s", flush=True)
            if not args.no_prism:
                with _prism(token, next(iter(targets.values()))) as base:
                    results += measure("prism", base)
        except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1
    print()
    print(_table(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return 0
