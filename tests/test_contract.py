"""Contract tests: schemathesis generates requests from spec/metastudio.yaml and runs them
against the mock, in-process (ASGI) and over real HTTP on 127.0.0.1.

Everything is on (`generator.contract.settings`): every schemathesis check plus our
`lifecycle_refusal_is_justified`, positive and negative generation, the examples, coverage
and fuzzing phases per operation, and the stateful phase driven by the spec's links. Requests
carry a real SDK-HMAC-SHA256 signature made by our signer over the final request, or the IAM
token; never "auth off". Generation is derandomized and bounded (`MAX_EXAMPLES`,
`STATEFUL_SCENARIOS`): the same cases on every run, in well under 3 minutes on 2 cores.
`make fuzz` runs the same configuration bigger.

A defect found here becomes a plain regression test in test_contract_regressions.py.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.config import HealthCheck as SchemathesisHealthCheck

import generator.contract.checks  # noqa: F401  (registers lifecycle_refusal_is_justified)
from generator.contract.auth import install
from generator.contract.checks import OP_COMMAND, OP_UPDATE, training_rules
from generator.contract.credentials import ContractCredentials
from generator.contract.local import AppSlot, LocalMock, mock_app
from generator.contract.settings import SPEC_PATH, ContractSettings, load_schema, operation_ids
from generator.spec import SpecDoc

# A tenant of our own (not the mock's defaults): the mock is configured with it, the
# schemathesis auth providers sign or authenticate with it.
CREDS = ContractCredentials(
    project_id="c0ffee00c0ffee00c0ffee00c0ffee00",
    ak="CONTRACTTESTAK000001",
    sk="contract/test+secret=key~0123456789",
    token="contract-test-token-0123456789",
)
MAX_EXAMPLES = 25
STATEFUL_SCENARIOS = 30
SETTINGS = ContractSettings(project_id=CREDS.project_id, max_examples=MAX_EXAMPLES)

CaseTest = Callable[["Case[Any]"], None]

# How many requests each run sent, by (run, operation, mode); printed at the end.
SENT: collections.Counter[tuple[str, str, str]] = collections.Counter()


# Over HTTP: the port is bound now, the server starts in the `mocks` fixture.
HTTP_MOCK = LocalMock(CREDS)
HTTP_SETTINGS = dataclasses.replace(SETTINGS, base_url=HTTP_MOCK.base_url)


def _schema(run: str, kind: str, contract: ContractSettings = SETTINGS) -> Any:
    schema = load_schema(contract)
    install(schema, CREDS, "aksk" if kind == "aksk" else "token")

    @schema.hook("after_call")
    def count(context: Any, case: Case[Any], response: Any) -> None:
        mode = case.meta.generation.mode.value if case.meta is not None else "explicit"
        SENT[(run, case.operation.label, mode)] += 1

    return schema


# In-process: the ASGI app itself (filled in by the `mocks` fixture).
ASGI_APP = AppSlot()
asgi_schema = _schema("asgi+aksk", "aksk")
asgi_schema.app = ASGI_APP
# Over HTTP on 127.0.0.1, signed and with the token.
http_schema = _schema("http+aksk", "aksk", HTTP_SETTINGS)
token_schema = _schema("http+token", "token", dataclasses.replace(HTTP_SETTINGS, max_examples=10))


@dataclasses.dataclass
class Mocks:
    http: LocalMock
    asgi_db: Path


@pytest.fixture(scope="module", autouse=True)
def mocks(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Mocks]:
    tmp = tmp_path_factory.mktemp("contract")
    ASGI_APP.target = mock_app(tmp / "asgi.sqlite", CREDS)
    HTTP_MOCK.start()
    try:
        yield Mocks(HTTP_MOCK, tmp / "asgi.sqlite")
    finally:
        HTTP_MOCK.stop()
        ASGI_APP.target = None
        _report_counts(request)


def _report_counts(request: pytest.FixtureRequest) -> None:
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None or not SENT:
        return
    with capture.global_and_fixture_disabled():
        _write_counts(reporter)


def _write_counts(reporter: Any) -> None:
    runs = sorted({run for run, _, _ in SENT})
    reporter.write_line("")
    for run in runs:
        by_mode = collections.Counter[str]()
        for (r, _, mode), n in SENT.items():
            if r == run:
                by_mode[mode] += n
        detail = ", ".join(f"{mode} {n}" for mode, n in sorted(by_mode.items()))
        reporter.write_line(f"contract {run}: {sum(by_mode.values())} requests ({detail})")


# --------------------------------------------------------------------------- per operation


def test_every_operation_of_the_spec_is_generated() -> None:
    expected = {(method, path) for _, method, path in operation_ids()}
    assert len(expected) == 5
    for schema in (asgi_schema, http_schema, token_schema):
        found = {
            (result.ok().method.upper(), result.ok().path) for result in schema.get_all_operations()
        }
        assert found == expected


def parametrize(schema: Any) -> Callable[[CaseTest], CaseTest]:
    """`schema.parametrize()`, typed (schemathesis declares it as a bare Callable)."""
    decorator: Callable[[CaseTest], CaseTest] = schema.parametrize()
    return decorator


@parametrize(asgi_schema)
def test_asgi_signed(case: Case[Any]) -> None:
    case.call_and_validate()


@parametrize(http_schema)
def test_http_signed(case: Case[Any]) -> None:
    case.call_and_validate()


@parametrize(token_schema)
def test_http_token(case: Case[Any]) -> None:
    case.call_and_validate()


# --------------------------------------------------------------------------- stateful (links)


def _stateful_settings(schema: Any) -> settings:
    base = schema.config.get_hypothesis_settings(phase="stateful")
    return settings(base, max_examples=STATEFUL_SCENARIOS)


def test_stateful_asgi_signed() -> None:
    asgi_schema.as_state_machine().run(settings=_stateful_settings(asgi_schema))


def test_stateful_http_signed() -> None:
    http_schema.as_state_machine().run(settings=_stateful_settings(http_schema))


def test_the_links_cover_every_operation() -> None:
    """The stateful phase can reach all five operations through the spec's own links."""
    targets: set[str] = set()
    sources: set[str] = set()
    for op in SpecDoc(SPEC_PATH, load_errata=False).operations():
        for status in op.data.get("responses", {}).values():
            links = status.get("links", {}) if isinstance(status, dict) else {}
            if links:
                sources.add(op.data["operationId"])
            targets.update(link["operationId"] for link in links.values())
    every = {op for op, _, _ in operation_ids()}
    assert targets == every
    assert sources == every


# --------------------------------------------------------------------------- writes that succeed

# The seeded training job is in MANUAL_VERIFYING, where the update and most commands are
# (rightly) refused. These tests give every generated, schema-valid write a fresh job in a
# state where the spec's lifecycle allows it, so the 200 answers are checked as well.


def _fresh_job(mock: LocalMock, state: str, upload: bool) -> str:
    created = mock.control(
        "POST", "/_mock/v1/{project_id}/training-jobs", {"state": state, "hold": True}
    )
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    if upload:
        for url in body.get("training_video_upload_url", []):
            data = b"part of a training video"
            done = httpx.put(url, content=data, timeout=10)
            assert done.status_code == 200, done.text
            assert done.headers["ETag"].strip('"') == hashlib.md5(data).hexdigest()
    job_id: str = body["job_id"]
    return job_id


PROJECT = {"project_id": CREDS.project_id}
_WRITE_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.parametrize("schema_name", ["asgi", "http"])
def test_update_in_allowed_states(schema_name: str, mocks: Mocks) -> None:
    schema = asgi_schema if schema_name == "asgi" else http_schema
    operation = schema.find_operation_by_id(OP_UPDATE)
    allowed = sorted(training_rules().update_states)
    mock = mocks.http if schema_name == "http" else None

    @_WRITE_SETTINGS
    @given(
        case=operation.as_strategy(GenerationMode.POSITIVE, path_parameters=PROJECT),
        state=st.sampled_from(allowed),
    )
    def run(case: Case[Any], state: str) -> None:
        case.path_parameters["job_id"] = _job_for(schema_name, mocks, mock, state, upload=False)
        response = case.call_and_validate()
        assert response.status_code == 200, response.text

    run()


@pytest.mark.parametrize("schema_name", ["asgi", "http"])
def test_commands_in_legal_states(schema_name: str, mocks: Mocks) -> None:
    schema = asgi_schema if schema_name == "asgi" else http_schema
    operation = schema.find_operation_by_id(OP_COMMAND)
    rules = training_rules()
    mock = mocks.http if schema_name == "http" else None

    @_WRITE_SETTINGS
    @given(
        case=operation.as_strategy(GenerationMode.POSITIVE, path_parameters=PROJECT), data=st.data()
    )
    def run(case: Case[Any], data: st.DataObject) -> None:
        body = case.body
        assert isinstance(body, dict)
        command = body["command"]
        assert isinstance(command, str)
        state = data.draw(st.sampled_from(sorted(rules.command_states[command])), label="state")
        guarded = state in rules.guarded.get(command, frozenset())
        case.path_parameters["job_id"] = _job_for(schema_name, mocks, mock, state, upload=guarded)
        response = case.call_and_validate()
        assert response.status_code == 200, response.text

    run()


def _job_for(
    schema_name: str, mocks: Mocks, mock: LocalMock | None, state: str, upload: bool
) -> str:
    if mock is not None:
        return _fresh_job(mock, state, upload)
    return _fresh_asgi_job(state, upload)


def _fresh_asgi_job(state: str, upload: bool) -> str:
    """The same through the in-process app's control API (httpx's ASGI transport)."""
    import asyncio

    async def go() -> str:
        transport = httpx.ASGITransport(app=ASGI_APP)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            path = f"/_mock/v1/{CREDS.project_id}/training-jobs"
            created = await client.post(path, json={"state": state, "hold": True})
            assert created.status_code == 201, created.text
            body: dict[str, Any] = created.json()
            if upload:
                for url in body.get("training_video_upload_url", []):
                    done = await client.put(url, content=b"part")
                    assert done.status_code == 200, done.text
            job_id: str = body["job_id"]
            return job_id

    return asyncio.run(go())


# --------------------------------------------------------------------------- the configuration


def test_settings_turn_everything_on() -> None:
    data = SETTINGS.as_dict()
    assert data["checks"] == {"enabled": True}
    assert data["generation"]["mode"] == "all"
    assert all(phase["enabled"] for phase in data["phases"].values())
    assert data["parameters"] == {"path.project_id": CREDS.project_id}
    config = SETTINGS.config().projects.get_default()
    assert config.seed == SETTINGS.seed
    assert (
        SchemathesisHealthCheck.too_slow in config.suppress_health_check
        or config.suppress_health_check
    )


def test_settings_toml_is_what_schemathesis_reads(tmp_path: Path) -> None:
    from schemathesis.config import SchemathesisConfig

    path = tmp_path / "schemathesis.toml"
    path.write_text(SETTINGS.toml(), encoding="utf-8")
    loaded = SchemathesisConfig.from_path(path)
    direct = SETTINGS.config()
    for config in (loaded, direct):
        project = config.projects.get_default()
        assert project.generation.max_examples == MAX_EXAMPLES
        assert project.parameters == {"path.project_id": CREDS.project_id}


def test_schemathesis_default_acceptance_statuses_are_the_ones_we_extend() -> None:
    from schemathesis.config._checks import POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES

    from generator.contract.settings import POSITIVE_DATA_ACCEPTANCE

    assert list(POSITIVE_DATA_ACCEPTANCE) == POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES


def test_custom_check_is_registered() -> None:
    from schemathesis.checks import CHECKS

    names = {check.__name__ for check in CHECKS.get_all()}
    assert "lifecycle_refusal_is_justified" in names
    assert schemathesis.__version__.startswith("4.")
