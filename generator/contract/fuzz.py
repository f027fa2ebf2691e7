"""`make fuzz` / `python -m generator fuzz`: the contract suite, bigger, against any endpoint.

Without `--base-url` it starts the mock on a free 127.0.0.1 port and runs everything,
writes included. With `--base-url https://...` it runs against that service with credentials
from the environment (`HUAWEICLOUD_SDK_AK`/`_SK`/`_PROJECT_ID`, signing every request itself,
or `METASTUDIO_AUTH_TOKEN`) and is careful by default:

- read-only: only GET operations, unless `--allow-writes`; coverage probes with undeclared
  methods are limited to OPTIONS and TRACE (a DELETE the spec does not document may still
  exist on the real service), writes or not;
- a request budget (`--max-requests`, default 500; every request counts, checks' own probes
  included) after which the run stops cleanly, and a rate limit (`--rate`, default 5/s);
- one read-only request first: on 401/403 it stops before fuzzing and says which credentials
  it used (names of variables, never secrets) and what the service answered; repeated
  401/403 to correctly authenticated requests during the run stop it the same way.

Against `--base-url`, a value the spec's enum lacks or a field it does not declare is *drift*
(see `drift.py`): named in the summary and as a warning in the JUnit report, never a failure.
Against the local mock every response check stays strict.

It runs the schemathesis CLI (`schemathesis run`) in this process with the configuration of
`generator.contract.settings` (every check, positive and negative modes, all phases, a seed),
our AK/SK signer or token as schemathesis auth, and writes reports/ (JUnit XML, HAR, the
configuration as TOML). At the end it prints a summary: operations, cases, failures by check,
and a curl line to reproduce each failure.

Exit status: 0 no failure, 1 failures found, 2 usage or connection problem, 3 credentials
rejected, 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from generator.specmodel import default_model

from .credentials import AuthKind, ContractCredentials, CredentialsError
from .drift import DRIFT, add_junit_warnings
from .settings import (
    DEFAULT_SEED,
    SPEC_PATH,
    ContractSettings,
    lifecycle_writes,
    operation_ids,
    report_paths,
)
from .summary import Collector

if TYPE_CHECKING:
    from .checks import TrainingRules

__all__ = ["BudgetExhausted", "CredentialsRejected", "RequestGuard", "build_parser", "main"]

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_AUTH, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
REMOTE_MAX_REQUESTS = 500
REMOTE_RATE = "5/s"
REMOTE_MAX_EXAMPLES = 25
LOCAL_MAX_EXAMPLES = 100
SAFE_UNEXPECTED_METHODS = ("OPTIONS", "TRACE")
AUTH_FAILURE_STREAK = 3


class BudgetExhausted(KeyboardInterrupt):
    """The request budget is spent: stop the run the way Ctrl-C does (reports still written).

    schemathesis stops its own time budget with a KeyboardInterrupt subclass, too."""


class CredentialsRejected(KeyboardInterrupt):
    """Correctly authenticated requests keep getting 401/403: stop instead of hammering."""


@dataclass
class RequestGuard:
    """Counts every HTTP request of the run and enforces the budget and the 401/403 stop.

    Installed around `requests`' transport adapter for the duration of one run, because
    schemathesis' checks send probes of their own that no hook sees.
    """

    max_requests: int | None
    credentials: ContractCredentials
    sent: int = 0
    stopped: str | None = None
    last_auth_error: str = ""
    _streak: int = 0
    _patched: list[Any] = field(default_factory=list)

    def _ours(self, request: Any) -> bool:
        """Whether a request carries our own, valid-looking credentials and project."""
        headers = request.headers
        creds = self.credentials
        url = str(request.url or "")
        if f"/v1/{creds.project_id}/" not in urlsplit(url).path + "/":
            return False
        if headers.get("X-Project-Id", creds.project_id) != creds.project_id:
            return False
        token = headers.get("X-Auth-Token")
        if token is not None:
            return bool(creds.token) and token == creds.token
        auth = headers.get("Authorization", "")
        if not (creds.ak and auth.startswith(f"SDK-HMAC-SHA256 Access={creds.ak},")):
            return False
        try:
            signed = datetime.strptime(headers.get("X-Sdk-Date", ""), "%Y%m%dT%H%M%SZ")
        except ValueError:
            return False
        return abs((datetime.now(UTC) - signed.replace(tzinfo=UTC)).total_seconds()) < 120

    def before(self, request: Any) -> None:
        if self.stopped is not None:
            raise BudgetExhausted if self.stopped == "budget" else CredentialsRejected
        if self.max_requests is not None and self.sent >= self.max_requests:
            self.stopped = "budget"
            raise BudgetExhausted
        self.sent += 1

    def after(self, request: Any, status: int, body: bytes) -> None:
        if not self._ours(request):
            return
        if status in (401, 403):
            self._streak += 1
            self.last_auth_error = f"{status} {body[:300].decode('utf-8', 'replace')}"
            if self._streak >= AUTH_FAILURE_STREAK:
                self.stopped = "credentials"
                raise CredentialsRejected
        else:
            self._streak = 0

    @contextlib.contextmanager
    def installed(self) -> Iterator[RequestGuard]:
        import requests.adapters

        adapter = requests.adapters.HTTPAdapter
        original = adapter.send
        guard = self

        def send(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
            guard.before(request)
            response = original(self, request, *args, **kwargs)
            guard.after(request, response.status_code, response.content or b"")
            return response

        adapter.send = send  # type: ignore[method-assign]
        try:
            yield self
        finally:
            adapter.send = original  # type: ignore[method-assign]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator fuzz",
        description=(
            "Property-based contract tests of spec/metastudio.yaml with schemathesis: every "
            "check, positive and negative data, all phases. Against a local mock by default, "
            "or --base-url with credentials from HUAWEICLOUD_SDK_AK/SK/PROJECT_ID or "
            "METASTUDIO_AUTH_TOKEN (read-only, budgeted and rate limited unless told otherwise)."
        ),
    )
    parser.add_argument(
        "--base-url", help="service to test, e.g. https://metastudio.cn-north-4.myhuaweicloud.com"
    )
    parser.add_argument(
        "--allow-writes",
        action="store_true",
        help="also run the PUT/POST operations (always on for the local mock)",
    )
    parser.add_argument(
        "--auth",
        choices=["aksk", "token"],
        help="which credentials to use when both are available (default: aksk)",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        help=f"stop after this many requests (default {REMOTE_MAX_REQUESTS} remote, "
        "unlimited local; 0 = unlimited)",
    )
    parser.add_argument(
        "--rate", help=f"rate limit such as 5/s or 100/m (default {REMOTE_RATE} remote, none local)"
    )
    parser.add_argument(
        "--max-examples",
        type=int,
        help=f"examples per operation and mode (default {LOCAL_MAX_EXAMPLES} local, "
        f"{REMOTE_MAX_EXAMPLES} remote)",
    )
    parser.add_argument("--max-steps", type=int, default=10, help="stateful steps (default 10)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generation seed")
    parser.add_argument(
        "--mode", choices=["all", "positive", "negative"], default="all", help="default all"
    )
    parser.add_argument(
        "--phases",
        default="examples,coverage,fuzzing,stateful",
        help="comma-separated subset of examples,coverage,fuzzing,stateful",
    )
    parser.add_argument("--report-dir", type=Path, default=Path("reports"), help="default reports/")
    parser.add_argument(
        "--request-timeout", type=float, default=10.0, help="seconds per request (default 10)"
    )
    return parser


def _fail(message: str, code: int) -> int:
    print(f"make fuzz: {message}", file=sys.stderr)
    return code


def _preflight(
    base_url: str,
    credentials: ContractCredentials,
    kind: AuthKind,
    guard: RequestGuard,
    timeout: float,
) -> tuple[int, str] | str:
    """One read-only request (list up to 10 video jobs): (status, body) or a connection error
    text. The ids it returns seed generation (see `ContractSettings.job_ids`)."""
    from generator.runtime.auth import AkSkAuth, TokenAuth

    auth: httpx.Auth
    if kind == "aksk":
        auth = AkSkAuth(credentials.ak, credentials.sk, credentials.project_id)
    else:
        auth = TokenAuth(credentials.token, credentials.project_id)
    url = f"{base_url.rstrip('/')}/v1/{credentials.project_id}/digital-human-videos"
    guard.sent += 1
    try:
        with httpx.Client(auth=auth, timeout=timeout) as client:
            response = client.get(url, params={"limit": 10})
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    return response.status_code, response.text


def _video_ids(body: str) -> list[str]:
    try:
        jobs = json.loads(body).get("jobs", [])
    except (ValueError, AttributeError):
        return []
    return [j["job_id"] for j in jobs if isinstance(j, dict) and isinstance(j.get("job_id"), str)]


def local_training_states(rules: TrainingRules) -> list[str]:
    """States the local run seeds training jobs in, read from the spec's lifecycle.

    Each state the update is allowed in three times over (every update moves its job on), each
    state a command moves on, one state only the service's own steps leave and one final state,
    so the refusals get exercised as well as the legal requests.
    """
    updatable = sorted(rules.update_states)
    commanded = sorted(rules.commanded - rules.update_states)
    busy = sorted(rules.states - rules.final - rules.commanded - rules.update_states)
    return [*updatable * 3, *commanded, *busy[:1], *sorted(rules.final)[:1]]


def _local_training_jobs(local: Any) -> list[str]:
    """Training jobs made through the local mock's control API (not counted: not the API)."""
    ids = []
    from .checks import training_rules  # imports schemathesis: only when a run starts

    for state in local_training_states(training_rules()):
        created = local.control(
            "POST", "/_mock/v1/{project_id}/training-jobs", {"state": state, "hold": True}
        )
        if created.status_code == 201:
            ids.append(created.json()["job_id"])
    return ids


def _auth_message(
    base_url: str, credentials: ContractCredentials, kind: AuthKind, answer: str, after: str = ""
) -> str:
    hints = [
        f"The service at {base_url} rejected the credentials.",
        f"  used   : {credentials.describe(kind)}",
        f"  answer : {answer.strip()}",
        "  check  : the key pair is active and belongs to the project id; the project is in the",
        "           endpoint's region; the clock is right (AK/SK signatures expire after 15 min);",
        "           a token is not expired (IAM tokens live 24 h).",
        after or "Nothing was fuzzed.",
    ]
    return "\n".join(hints)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    remote = args.base_url is not None
    if remote and urlsplit(args.base_url).scheme not in ("http", "https"):
        return _fail(f"--base-url must be an http(s) URL, got {args.base_url!r}", EXIT_USAGE)
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(phases) - {"examples", "coverage", "fuzzing", "stateful"}
    if unknown or not phases:
        return _fail(f"unknown phases: {', '.join(sorted(unknown)) or '(none)'}", EXIT_USAGE)

    from .local import LocalMock

    local: LocalMock | None = None
    if remote:
        try:
            credentials = ContractCredentials.from_env()
        except CredentialsError as exc:
            return _fail(f"no usable credentials for {args.base_url}: {exc}", EXIT_USAGE)
        base_url: str = args.base_url.rstrip("/")
    else:
        local = LocalMock()
        credentials = local.credentials
        base_url = local.base_url
    try:
        kind: AuthKind = "token" if args.auth == "token" else "aksk"
        if args.auth is None:
            kind = credentials.preferred()
    except CredentialsError as exc:
        return _fail(str(exc), EXIT_USAGE)
    if kind == "aksk" and not credentials.has_aksk:
        return _fail(
            "--auth aksk: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set", EXIT_USAGE
        )
    if kind == "token" and not credentials.has_token:
        return _fail("--auth token: METASTUDIO_AUTH_TOKEN is not set", EXIT_USAGE)

    max_requests = args.max_requests
    if max_requests is None:
        max_requests = REMOTE_MAX_REQUESTS if remote else 0
    writes = args.allow_writes or not remote
    settings = ContractSettings(
        project_id=credentials.project_id,
        seed=args.seed,
        deterministic=False,
        max_examples=args.max_examples or (REMOTE_MAX_EXAMPLES if remote else LOCAL_MAX_EXAMPLES),
        stateful_max_steps=max(2, args.max_steps),
        modes=args.mode,
        phases=tuple(phases),
        base_url=base_url,
        read_only=not writes,
        rate_limit=args.rate or (REMOTE_RATE if remote else None),
        request_timeout=args.request_timeout,
        unexpected_methods=SAFE_UNEXPECTED_METHODS if remote else None,
        continue_on_failure=True,
        report_dir=args.report_dir,
        reports={"junit": "fuzz-junit.xml", "har": "fuzz.har"},
        # A real service may send values the spec lacks: drift, reported (drift.py), not failed.
        extra={"checks": {"enabled": True, "response_schema_conformance": {"enabled": False}}}
        if remote
        else {},
    )
    guard = RequestGuard(max_requests or None, credentials)

    if local is not None:
        local.start()
    try:
        return _run(args, settings, credentials, kind, guard, local)
    finally:
        if local is not None:
            local.stop()


def _run(
    args: argparse.Namespace,
    settings: ContractSettings,
    credentials: ContractCredentials,
    kind: AuthKind,
    guard: RequestGuard,
    local: Any,
) -> int:
    remote = local is None
    writes = not settings.read_only
    base_url = settings.base_url or ""
    target = base_url if remote else f"{base_url} (local mock started for this run)"
    scope = "all operations" if writes else "read-only operations (GET); --allow-writes for all"
    print(f"make fuzz: {target}")
    print(f"  auth    : {credentials.describe(kind)}")
    print(f"  scope   : {scope}")
    budget = f"{guard.max_requests} requests" if guard.max_requests else "unlimited"
    print(f"  limits  : {budget}, rate {settings.rate_limit or 'unlimited'}")
    print(
        f"  run     : seed {settings.seed}, {settings.max_examples} examples, mode {settings.modes}"
    )
    if remote and writes:
        print(f"  WARNING : --allow-writes: jobs of project {credentials.project_id} may change")

    answer = _preflight(base_url, credentials, kind, guard, settings.request_timeout)
    if isinstance(answer, str):
        return _fail(f"cannot reach {base_url}: {answer}", EXIT_USAGE)
    status, body = answer
    if status in (401, 403):
        print(_auth_message(base_url, credentials, kind, f"{status} {body[:500]}"), file=sys.stderr)
        return EXIT_AUTH
    known = {"video": _video_ids(body) if status == 200 else []}
    if local is not None:
        from .checks import training_rules  # imports schemathesis: only when a run starts

        reader = training_rules().reader  # the training lifecycle's GET, by its role
        example = default_model().examples.of(reader, "job_id")  # seeded
        known["training"] = [example, *_local_training_jobs(local)]
    settings = dataclasses.replace(settings, job_ids=known)

    report_dir = settings.report_dir or Path("reports")
    report_dir.mkdir(parents=True, exist_ok=True)
    config_path = report_dir / "fuzz-schemathesis.toml"
    config_path.write_text(
        "# The configuration `make fuzz` ran with (auth: our signer/token, added in-process).\n"
        + settings.toml(),
        encoding="utf-8",
    )
    lifecycle_ops = set(lifecycle_writes())
    collector = Collector(
        lifecycle=frozenset(f"{m} {path}" for op, m, path in operation_ids() if op in lifecycle_ops)
    )
    started = time.monotonic()
    DRIFT.reset(enabled=remote)
    code = _schemathesis(config_path, credentials, kind, guard, collector)
    elapsed = time.monotonic() - started
    collector.drift = [record.describe() for record in DRIFT.records]

    notes = [f"requests   : {guard.sent} (budget {guard.max_requests or 'unlimited'})"]
    if guard.stopped == "budget":
        notes.append(f"stopped    : the request budget of {guard.max_requests} was reached")
    paths = report_paths(settings)
    if "junit" in paths:
        add_junit_warnings(paths["junit"], DRIFT.records)
    notes.append("reports    : " + ", ".join(str(p) for p in (*paths.values(), config_path)))
    notes.append(f"time       : {elapsed:.1f} s; seed {settings.seed} (--seed to change)")
    print(collector.render(notes))
    if guard.stopped == "credentials":
        after = (
            f"The run was stopped after {guard.sent} requests: {AUTH_FAILURE_STREAK} answers "
            "401/403 in a row to correctly authenticated requests; the reports hold what ran "
            "before."
        )
        message = _auth_message(base_url, credentials, kind, guard.last_auth_error, after)
        print(message, file=sys.stderr)
        return EXIT_AUTH
    if collector.failures or code == EXIT_FAILURES:
        return EXIT_FAILURES
    if guard.stopped == "budget":
        return EXIT_OK
    if code == EXIT_INTERRUPTED or code not in (EXIT_OK, EXIT_FAILURES):
        return code if code else EXIT_OK
    return EXIT_OK


def _schemathesis(
    config_path: Path,
    credentials: ContractCredentials,
    kind: AuthKind,
    guard: RequestGuard,
    collector: Collector,
) -> int:
    """Run `schemathesis run` in this process with our auth, checks and event collector."""
    import schemathesis.cli
    from schemathesis.auths import GLOBAL_AUTH_STORAGE
    from schemathesis.cli.ext.handlers import CUSTOM_HANDLERS
    from schemathesis.engine import events

    from . import checks as _checks  # noqa: F401  (registers lifecycle_refusal_is_justified)
    from . import drift as _drift  # noqa: F401  (registers response_schema_drift)
    from .auth import install

    class SummaryHandler(schemathesis.cli.EventHandler[Any]):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pass

        def handle_event(self, ctx: Any, event: Any) -> None:
            collector.on_event(event)
            if isinstance(event, events.EngineFinished):
                collector.on_finished(ctx)

    previous = list(GLOBAL_AUTH_STORAGE.providers)
    install(None, credentials, kind)
    CUSTOM_HANDLERS.append(SummaryHandler)
    cli_args = ["--config-file", str(config_path), "run", str(SPEC_PATH)]
    try:
        with guard.installed():
            try:
                schemathesis.cli.schemathesis.main(
                    cli_args, prog_name="schemathesis", standalone_mode=False
                )
            except SystemExit as exc:
                return exc.code if isinstance(exc.code, int) else EXIT_FAILURES
            except KeyboardInterrupt:
                return EXIT_INTERRUPTED
        return EXIT_OK
    finally:
        CUSTOM_HANDLERS.remove(SummaryHandler)
        GLOBAL_AUTH_STORAGE.providers = previous
