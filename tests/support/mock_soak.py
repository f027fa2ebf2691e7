"""Soak the mock: valid and hostile requests mixed, for a bounded time and count.

`make soak` runs it for 60 s; `tests/test_mock_soak.py` runs 5 s of it in `make test`. The mock
runs as its own process (speed 1000) on a temporary SQLite file. Asserted at the end:

- no answer was a 5xx, and every hostile request got the 4xx it should;
- memory: the process's RSS in the last third of the run is within 20% of its peak in the
  first third (after warm-up), so nothing grows per request;
- durability: the mock is killed with SIGKILL and restarted on the same file, and every write
  that was answered (jobs made, renamed, commanded; parts uploaded) reads back as answered.

    python tests/mock_soak.py [--seconds 60] [--workers 4] [--max-requests N]
"""

from __future__ import annotations

import argparse
import itertools
import random
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rawhttp import flood

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from mockserver import UPDATABLE_STATE  # noqa: E402

from generator.mock.config import Credentials  # noqa: E402
from generator.mock.serve import spawn  # noqa: E402
from generator.runtime.auth import AkSkAuth  # noqa: E402
from generator.runtime.signing import sign  # noqa: E402

CREDS = Credentials(
    ak="SOAKAK00000000000001",
    sk="soak/secret+key=0123456789",
    project_id="50a450a450a450a450a450a450a450a4",
    token="soak-token-0123456789",
)
EXAMPLE_JOB = "efc5300ecdba4ea48d1ff13a9d907bc0"
EXAMPLE_VIDEO = "26f06524-4f75-4b3a-a853-b649a21aaf66"
JSON = {"Content-Type": "application/json"}


@dataclass
class Ledger:
    """Every write the mock answered with success, and what each answer promised."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    names: dict[str, str] = field(default_factory=dict)  # training job -> last answered name
    states: dict[str, str] = field(default_factory=dict)  # training job -> answered state
    uploads: dict[str, str] = field(default_factory=dict)  # upload URL -> etag
    videos: set[str] = field(default_factory=set)
    statuses: Counter[str] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)  # unexpected answers (kept short)
    requests: int = 0

    def saw(self, what: str, status: int, expected: set[int]) -> bool:
        with self.lock:
            self.requests += 1
            self.statuses[f"{what} {status}"] += 1
            if status not in expected and len(self.wrong) < 20:
                self.wrong.append(f"{what}: {status} not in {sorted(expected)}")
        return status in expected


class Budget:
    """At most `total` requests across all workers."""

    def __init__(self, total: int) -> None:
        self._left = itertools.count(total, -1)
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            return next(self._left) > 0


class Worker:
    def __init__(self, base_url: str, ledger: Ledger, seed: int, budget: Budget) -> None:
        self.base = base_url
        self.ledger = ledger
        self.rng = random.Random(seed)
        self.budget = budget
        self.project = CREDS.project_id
        self.api = httpx.Client(
            base_url=base_url, headers={"X-Auth-Token": CREDS.token}, timeout=30
        )
        self.signed = httpx.Client(
            base_url=base_url, auth=AkSkAuth(CREDS.ak, CREDS.sk, CREDS.project_id), timeout=30
        )
        self.control = httpx.Client(base_url=base_url, timeout=30)
        self.forger = httpx.Client(
            base_url=base_url, auth=AkSkAuth(CREDS.ak, CREDS.sk + "x", CREDS.project_id), timeout=30
        )
        self.confirming: list[str] = []
        self.commenting: tuple[str, int] | None = None
        self.slow: list[socket.socket] = []

    def path(self, job: str, command: bool = False) -> str:
        p = f"/v1/{self.project}/digital-human-training-manage/user/jobs/{job}"
        return p + "/command" if command else p

    def new_job(self, state: str) -> str | None:
        name = f"soak-{self.rng.getrandbits(40):x}"
        r = self.control.post(
            f"/_mock/v1/{self.project}/training-jobs",
            json={"state": state, "hold": True, "name": name},
        )
        if not self.ledger.saw("create training", r.status_code, {201}):
            return None
        job = str(r.json()["job_id"])
        with self.ledger.lock:
            self.ledger.names[job] = name
            self.ledger.states[job] = state
        return job

    # ------------------------------------------------------------------ valid
    def read_job(self) -> None:
        self.ledger.saw("get job", self.api.get(self.path(EXAMPLE_JOB)).status_code, {200})

    def read_signed(self) -> None:
        r = self.signed.get(f"/v1/{self.project}/2d-digital-human-videos/{EXAMPLE_VIDEO}")
        self.ledger.saw("get video (aksk)", r.status_code, {200})

    def list_videos(self) -> None:
        r = self.api.get(
            f"/v1/{self.project}/digital-human-videos",
            params={"state": "SUCCEED,FAILED", "sort_dir": "desc", "limit": 10},
        )
        self.ledger.saw("list videos", r.status_code, {200})

    def confirm(self) -> None:
        if not self.confirming:
            job = self.new_job("WAIT_USER_CONFIRM")
            if job:
                self.confirming.append(job)
            return
        job = self.confirming.pop()
        r = self.api.post(self.path(job, command=True), json={"command": "CONFIRM_ACCEPT"})
        if self.ledger.saw("command", r.status_code, {200}):
            state = self.api.get(self.path(job)).json()["state"]
            with self.ledger.lock:
                self.ledger.states[job] = state

    def update_and_upload(self) -> None:
        job = self.new_job(UPDATABLE_STATE)
        if job is None:
            return
        name = f"renamed-{self.rng.getrandbits(32):x}"
        r = self.api.put(self.path(job), json={"name": name, "video_multipart_count": 2})
        if not self.ledger.saw("update", r.status_code, {200}):
            return
        with self.ledger.lock:
            self.ledger.names[job] = name
            self.ledger.states[job] = "WAIT_FILE_UPLOAD"
        url = r.json()["training_video_upload_url"][0]
        payload = self.rng.randbytes(self.rng.randrange(1, 4096))
        up = self.control.put(url, content=payload)
        if self.ledger.saw("upload", up.status_code, {200}):
            with self.ledger.lock:
                self.ledger.uploads[url] = up.headers["etag"].strip('"')

    def comment(self) -> None:
        if self.commenting is None or self.commenting[1] >= 50:
            job = self.new_job("MANUAL_VERIFYING")
            self.commenting = (job, 0) if job else None
            return
        job, count = self.commenting
        body = {"command": "CONFIRM_ANSWER", "comment_data": {"attachment_name": ["a.png"]}}
        r = self.api.post(self.path(job, command=True), json=body)
        self.ledger.saw("comment", r.status_code, {200})
        self.commenting = (job, count + 1)

    def new_video(self) -> None:
        r = self.control.post(f"/_mock/v1/{self.project}/video-jobs", json={"hold": True})
        if self.ledger.saw("create video", r.status_code, {201}):
            with self.ledger.lock:
                self.ledger.videos.add(str(r.json()["job_id"]))

    # ------------------------------------------------------------------ hostile
    def raw(self, data: bytes) -> int:
        host, port = self.base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(data)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        head = b"".join(chunks).split(b"\r\n", 1)[0]
        return int(head.split()[1])

    def bad_host(self) -> None:
        body = b'{"name":"x"}'
        data = (
            b"PUT %s HTTP/1.1\r\nHost: \xff\r\nX-Auth-Token: %s\r\nContent-Type: application/json"
            b"\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
            % (self.path(EXAMPLE_JOB).encode(), CREDS.token.encode(), len(body), body)
        )
        self.ledger.saw("non-UTF-8 Host", self.raw(data), {400})

    def garbage(self) -> None:
        self.ledger.saw("malformed HTTP", self.raw(b"NOT HTTP AT ALL\r\n\r\n"), {400})

    def trailing_slash(self) -> None:
        r = self.control.get("/_mock/health/", headers={"Host": "evil.example"})
        self.ledger.saw("trailing slash", r.status_code, {404})

    def huge_list(self) -> None:
        names = [""] * 20_000
        body = {"command": "CONFIRM_ANSWER", "comment_data": {"attachment_name": names}}
        r = self.api.post(self.path(EXAMPLE_JOB, command=True), json=body)
        self.ledger.saw("huge list", r.status_code, {400})

    def cross_origin(self) -> None:
        r = self.control.post(
            "/_mock/reset",
            content=b"{}",
            headers={"Origin": "http://evil.example", "Content-Type": "text/plain"},
        )
        self.ledger.saw("cross-origin reset", r.status_code, {403})

    def forged(self) -> None:
        r = self.forger.get(self.path(EXAMPLE_JOB))
        self.ledger.saw("wrong secret", r.status_code, {401})

    def unsigned_json(self) -> None:
        url = self.base + self.path(EXAMPLE_JOB)
        headers = {
            "Host": self.base.removeprefix("http://"),
            "Content-Type": "application/json",
            "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD",
        }
        signed = sign("PUT", url, headers, b"{}", CREDS.ak, CREDS.sk)
        r = self.control.put(url, headers={**headers, **signed}, content=b'{"name":"swap"}')
        self.ledger.saw("unsigned JSON", r.status_code, {401})

    def oversized(self) -> None:
        r = self.api.put(self.path(EXAMPLE_JOB), content=b"x" * (2 * 1024 * 1024), headers=JSON)
        self.ledger.saw("oversized body", r.status_code, {400})

    def header_flood(self) -> None:
        """4 MiB of header lines that never end: 431 at the head limit, nothing held."""
        head = b"GET /_mock/health HTTP/1.1\r\nHost: x\r\n"
        raw = flood(self.base, head, b"X-A: b\r\n", total=4 * 1024 * 1024, timeout=10)
        status = int(raw.split(b"\r\n", 1)[0].split()[1]) if raw else 0
        self.ledger.saw("header flood", status, {431})

    def deep_json(self) -> None:
        """JSON nested 1,000 deep (orjson takes 1,024), on the control API and an operation."""
        deep = b"[" * 1000 + b"]" * 1000
        r = self.control.post("/_mock/reset", content=deep, headers=JSON)
        self.ledger.saw("deep JSON (control)", r.status_code, {400})
        body = b'{"command":"CONFIRM_MULTIPART_UPLOADED","x":' + deep + b"}"
        r = self.api.post(self.path(EXAMPLE_JOB, command=True), content=body, headers=JSON)
        self.ledger.saw("deep JSON (operation)", r.status_code, {400})

    def clock(self) -> None:
        r = self.control.post("/_mock/clock/advance", json={"seconds": 1_000_000_000})
        self.ledger.saw("clock advance", r.status_code, {200, 400})

    def slowloris(self) -> None:
        if len(self.slow) >= 10:
            self.slow.pop(0).close()
        host, port = self.base.removeprefix("http://").split(":")
        sock = socket.create_connection((host, int(port)), timeout=30)
        sock.sendall(b"GET /_mock/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        self.slow.append(sock)
        self.ledger.saw("slow head (held)", 0, {0})

    def run(self, deadline: float) -> None:
        actions = [
            (self.read_job, 30),
            (self.list_videos, 15),
            (self.read_signed, 10),
            (self.confirm, 6),
            (self.update_and_upload, 4),
            (self.comment, 4),
            (self.new_video, 2),
            (self.bad_host, 2),
            (self.garbage, 2),
            (self.trailing_slash, 2),
            (self.huge_list, 1),
            (self.cross_origin, 2),
            (self.forged, 2),
            (self.unsigned_json, 2),
            (self.oversized, 1),
            (self.clock, 1),
            (self.slowloris, 1),
            (self.header_flood, 1),
            (self.deep_json, 1),
        ]
        funcs = [f for f, _ in actions]
        weights = [w for _, w in actions]
        try:
            while time.monotonic() < deadline and self.budget.take():
                action = self.rng.choices(funcs, weights)[0]
                try:
                    action()
                except (httpx.HTTPError, OSError) as exc:
                    with self.ledger.lock:
                        self.ledger.wrong.append(f"{action.__name__}: {exc!r}"[:300])
                        return
        finally:
            for sock in self.slow:
                sock.close()
            for client in (self.api, self.signed, self.control, self.forger):
                client.close()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


@dataclass
class Report:
    seconds: float
    requests: int
    statuses: Counter[str]
    wrong: list[str]
    rss_early_kib: int
    rss_late_kib: int
    writes_checked: int
    writes_missing: list[str]

    def lines(self) -> list[str]:
        fivexx = sum(n for k, n in self.statuses.items() if k.rsplit(" ", 1)[1].startswith("5"))
        return [
            f"soak: {self.requests} requests in {self.seconds:.1f} s"
            f" ({self.requests / self.seconds:.0f}/s), 5xx: {fivexx}",
            f"soak: RSS peak in the first third {self.rss_early_kib} KiB, in the last third"
            f" {self.rss_late_kib} KiB ({self.rss_late_kib / max(self.rss_early_kib, 1) - 1:+.1%})",
            f"soak: {self.writes_checked} answered writes checked after kill -9 and restart,"
            f" {len(self.writes_missing)} missing",
            *(f"  {k}: {n}" for k, n in sorted(self.statuses.items())),
            *(f"  WRONG {w}" for w in self.wrong),
            *(f"  MISSING {m}" for m in self.writes_missing[:20]),
        ]

    def failures(self) -> list[str]:
        problems = list(self.wrong)
        if any(k.rsplit(" ", 1)[1].startswith("5") for k in self.statuses):
            problems.append("a 5xx answer")
        if self.rss_late_kib > 1.2 * self.rss_early_kib:
            problems.append(f"RSS grew {self.rss_early_kib} -> {self.rss_late_kib} KiB")
        problems.extend(f"missing after restart: {m}" for m in self.writes_missing)
        return problems


def verify(base_url: str, ledger: Ledger) -> tuple[int, list[str]]:
    missing: list[str] = []
    checked = 0
    project = CREDS.project_id
    with httpx.Client(base_url=base_url, headers={"X-Auth-Token": CREDS.token}, timeout=30) as c:
        for job, name in ledger.names.items():
            checked += 1
            r = c.get(f"/v1/{project}/digital-human-training-manage/user/jobs/{job}")
            if r.status_code != 200:
                missing.append(f"training job {job}: {r.status_code}")
                continue
            doc = r.json()
            if doc["name"] != name or doc["state"] != ledger.states[job]:
                missing.append(f"training job {job}: {doc['name']}/{doc['state']}")
        for url, etag in ledger.uploads.items():
            checked += 1
            r = c.get("/_mock/uploads/" + url.rsplit("/", 1)[1])  # the restart has a new port
            if r.status_code != 200 or r.json()["etag"] != etag:
                missing.append(f"upload {url}: {r.status_code}")
        for video in ledger.videos:
            checked += 1
            r = c.get(f"/v1/{project}/2d-digital-human-videos/{video}")
            if r.status_code != 200:
                missing.append(f"video job {video}: {r.status_code}")
    return checked, missing


def soak(seconds: float, workers: int = 4, max_requests: int | None = None) -> Report:
    budget_total = max_requests if max_requests is not None else int(seconds * 5000)
    with tempfile.TemporaryDirectory(prefix="mock-soak-") as tmp:
        db = Path(tmp) / "state.sqlite"
        proc, base_url, output = spawn(db, CREDS, ["--speed", "1000"], cwd=REPO)
        ledger = Ledger()
        samples: list[tuple[float, int]] = []
        try:
            budget = Budget(budget_total)
            crew = [Worker(base_url, ledger, n, budget) for n in range(workers)]
            started = time.monotonic()
            deadline = started + seconds
            threads = [threading.Thread(target=w.run, args=(deadline,), daemon=True) for w in crew]
            for t in threads:
                t.start()
            while any(t.is_alive() for t in threads):
                samples.append((time.monotonic() - started, rss_kib(proc.pid)))
                time.sleep(0.25)
            for t in threads:
                t.join(timeout=60)
            took = time.monotonic() - started
            proc.kill()  # SIGKILL: no shutdown code runs
            proc.wait(timeout=30)
            if "Traceback" in "".join(output):
                ledger.wrong.append("a traceback on the mock's output")
            restarted, base_url, _ = spawn(db, CREDS, ["--speed", "1000"], cwd=REPO)
            try:
                checked, missing = verify(base_url, ledger)
            finally:
                restarted.kill()
                restarted.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
    third = took / 3
    early = max((r for t, r in samples if t <= third), default=0)
    late = max((r for t, r in samples if t >= 2 * third), default=early)
    return Report(
        took, ledger.requests, ledger.statuses, ledger.wrong, early, late, checked, missing
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=None)
    args = parser.parse_args(argv)
    report = soak(args.seconds, args.workers, args.max_requests)
    print("\n".join(report.lines()))
    problems = report.failures()
    for problem in problems:
        print(f"soak: FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
