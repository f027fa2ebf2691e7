"""`python -m generator lint`, end to end: every stage and every house rule, with line numbers.

Each test writes the valid fixture (tests/fixtures/lint/valid.yaml, with errata.yaml beside it)
to a temporary directory with one kind of damage, runs the real CLI in a subprocess there, and
compares the full set of (file, line, rule) it prints with what that damage must produce:
nothing more (no collateral findings), nothing less. Expected lines are looked up in the
damaged text by a unique marker, so the assertions read as "the line of `in: querystring`".
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.lint.rules import RULES, Context
from generator.lint.walk import Walk
from generator.spec import SpecDoc, SpecLoadError, YamlDoc

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "lint"
VALID = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
ERRATA = (FIXTURES / "errata.yaml").read_text(encoding="utf-8")
PROBLEM = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+): (?P<rule>[\w./-]+): (?P<message>.+)$")


@dataclass
class Result:
    rc: int
    stdout: str
    stderr: str
    problems: set[tuple[str, int, str]]  # (file, line, rule)
    messages: list[str]

    def message(self, rule: str) -> str:
        found = [m for m in self.messages if f": {rule}: " in m]
        assert found, f"{rule} did not fire:\n{self.stdout}"
        return found[0]


def run_lint(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    environ = {k: v for k, v in os.environ.items() if k != "METASTUDIO_NODE_MODULES"}
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "lint", *args],
        cwd=cwd,
        env={**environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = proc.stdout.splitlines()
    problems, messages = set(), []
    for line in lines[:-1]:
        match = PROBLEM.match(line)
        assert match, f"not a file:line: rule: message line: {line!r}\n{proc.stdout}"
        problems.add((match["file"], int(match["line"]), match["rule"]))
        messages.append(line)
    assert lines, f"no output at all; stderr:\n{proc.stderr}"
    return Result(proc.returncode, proc.stdout, proc.stderr, problems, messages)


def damage(
    tmp_path: Path,
    *edits: tuple[str, str],
    errata_edits: tuple[tuple[str, str], ...] = (),
) -> str:
    """Write spec.yaml (VALID with `edits`) and errata.yaml into tmp_path; return spec text."""

    def apply(text: str, changes: tuple[tuple[str, str], ...]) -> str:
        for old, new in changes:
            assert text.count(old) == 1, f"edit target not unique: {old!r}"
            text = text.replace(old, new)
        return text

    spec = apply(VALID, edits)
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    (tmp_path / "errata.yaml").write_text(apply(ERRATA, errata_edits), encoding="utf-8")
    return spec


def at(text: str, marker: str, after: str | None = None) -> int:
    """1-based line of the only line that is `marker` (stripped), else that contains it;
    with `after`, of the first such line below the line of the `after` marker."""
    lines = text.splitlines()
    start = at(text, after) if after is not None else 0
    numbered = list(enumerate(lines, 1))[start:]
    hits = [i for i, line in numbered if line.strip() == marker.strip()]
    hits = hits or [i for i, line in numbered if marker in line]
    if after is not None:
        hits = hits[:1]
    assert len(hits) == 1, f"marker {marker!r} on lines {hits}"
    return hits[0]


def lint_damaged(tmp_path: Path, *edits: tuple[str, str]) -> tuple[str, Result]:
    text = damage(tmp_path, *edits)
    return text, run_lint(tmp_path, "spec.yaml")


def assert_only(result: Result, *expected: tuple[int, str], file: str = "spec.yaml") -> None:
    assert result.rc == 1, result.stdout
    assert result.problems == {(file, line, rule) for line, rule in expected}, result.stdout
    assert f"{len(result.messages)} problem(s)" in result.stdout.splitlines()[-1]


# -- the valid fixture and the real spec -------------------------------------------------------
@pytest.mark.slow
def test_valid_fixture_is_clean() -> None:
    result = run_lint(REPO, "tests/fixtures/lint/valid.yaml")
    assert result.rc == 0, result.stdout + result.stderr
    assert result.problems == set()
    assert result.stdout.strip() == result.stdout.strip().splitlines()[-1]
    assert "tests/fixtures/lint/valid.yaml: clean in " in result.stdout


@pytest.mark.slow
def test_real_spec_lints_clean() -> None:
    """spec/metastudio.yaml (and spec/errata.yaml) pass every stage. Not skipped when absent."""
    spec = REPO / "spec" / "metastudio.yaml"
    assert spec.is_file(), "spec/metastudio.yaml is missing"
    assert (REPO / "spec" / "errata.yaml").is_file(), "spec/errata.yaml is missing"
    result = run_lint(REPO)  # the default target is spec/metastudio.yaml
    assert result.rc == 0, result.stdout + result.stderr
    assert "spec/metastudio.yaml: clean in " in result.stdout


# -- (a) YAML ----------------------------------------------------------------------------------
def test_yaml_syntax_error_stops_everything(tmp_path: Path) -> None:
    text, result = lint_damaged(tmp_path, ("      summary: List jobs\n", "\tsummary: List jobs\n"))
    assert_only(result, (at(text, "\tsummary: List jobs"), "yaml-syntax"))
    assert "tab character" in result.message("yaml-syntax")


def test_duplicate_key_is_a_yaml_error(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path, ("      summary: List jobs\n", "      summary: List jobs\n      summary: Again\n")
    )
    assert_only(result, (at(text, "summary: Again"), "yaml-syntax"))
    assert f"first defined on line {at(text, 'summary: List jobs')}" in result.message(
        "yaml-syntax"
    )


@pytest.mark.slow
def test_errata_yaml_error_is_reported_and_the_spec_still_linted(tmp_path: Path) -> None:
    text = damage(
        tmp_path,
        ("          description: Page size.\n", ""),
        errata_edits=(("  - id: E01\n", "  - id: [E01\n"),),
    )
    result = run_lint(tmp_path, "spec.yaml")
    assert ("errata.yaml", 3, "yaml-syntax") in result.problems
    assert ("spec.yaml", at(text, "- name: limit"), "field-descriptions") in result.problems
    assert not any(rule == "errata-refs" for _, _, rule in result.problems)


# -- (b) structure -----------------------------------------------------------------------------
@pytest.mark.slow
def test_structural_error_in_a_parameter(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path,
        (
            "          in: query\n          description: Page",
            "          in: querystring\n          description: Page",
        ),
    )
    line = at(text, "in: querystring")
    assert ("spec.yaml", line, "structure") in result.problems, result.stdout
    assert "querystring" in result.message("structure")
    # Redocly's `struct` sees the same node; nothing else may fire.
    assert {p[1] for p in result.problems} == {line}, result.stdout


@pytest.mark.slow
def test_structural_errors_found_by_keyword_validators(tmp_path: Path) -> None:
    """Schema meta-checks, duplicate operationIds: located although the validator gives no path."""
    text, result = lint_damaged(
        tmp_path,
        ("        job_id:\n          type: string\n", "        job_id:\n          type: strin\n"),
        (
            "      operationId: list_picture_modeling_jobs\n",
            "      operationId: create_picture_modeling_job\n",
        ),
    )
    assert ("spec.yaml", at(text, "type: strin"), "structure") in result.problems
    assert ("spec.yaml", at(text, "    get:"), "structure") in result.problems
    assert "is not unique" in " ".join(result.messages)


# -- (c) Redocly -------------------------------------------------------------------------------
@pytest.mark.slow
def test_redocly_operation_without_operation_id(tmp_path: Path) -> None:
    text, result = lint_damaged(tmp_path, ("      operationId: list_picture_modeling_jobs\n", ""))
    line = at(text, "    get:")
    assert_only(result, (line, "redocly/operation-operationId"), (line, "operation-ids"))


@pytest.mark.slow
def test_redocly_unresolved_ref(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path, ("$ref: '#/components/schemas/JobRequest'", "$ref: '#/components/schemas/Nope'")
    )
    assert ("spec.yaml", at(text, "schemas/Nope"), "redocly/no-unresolved-refs") in result.problems
    assert (
        "spec.yaml",
        at(text, "    JobRequest:"),
        "redocly/no-unused-components",
    ) in result.problems


@pytest.mark.slow
def test_missing_redocly_is_an_error(tmp_path: Path) -> None:
    result = run_lint(
        REPO,
        "tests/fixtures/lint/valid.yaml",
        env={"METASTUDIO_NODE_MODULES": str(tmp_path / "node_modules")},
    )
    assert result.rc == 1
    assert result.problems == {("tests/fixtures/lint/valid.yaml", 1, "redocly")}
    assert "make lint" in result.message("redocly")


@pytest.mark.slow
def test_missing_redocly_may_be_skipped_explicitly(tmp_path: Path) -> None:
    result = run_lint(
        REPO,
        "tests/fixtures/lint/valid.yaml",
        "--node-optional",
        env={"METASTUDIO_NODE_MODULES": str(tmp_path / "node_modules")},
    )
    assert result.rc == 0, result.stdout
    assert "Redocly skipped" in result.stderr
    assert "clean (Redocly skipped)" in result.stdout


# -- (d) house rules ---------------------------------------------------------------------------
ERROR_REF = "$ref: '#/components/schemas/Error'"


@pytest.mark.slow
def test_error_responses(tmp_path: Path) -> None:
    post_500 = "        '500':\n          $ref: '#/components/responses/ServerError'\n    get:"
    get_401_body = f"                {ERROR_REF}\n        '500'"
    bad_request = f"          schema:\n            {ERROR_REF}\n          example:"
    text, result = lint_damaged(
        tmp_path,
        # POST loses its 500
        (post_500, "    get:"),
        # GET documents a 404 it does not declare
        ("      x-documented-statuses: [401]\n", "      x-documented-statuses: [401, 404]\n"),
        # GET's 401 body is not the Error schema
        (get_401_body, get_401_body.replace(ERROR_REF, "type: object")),
        # the shared 400 has no JSON body
        (f"application/json:\n{bad_request}", f"text/plain:\n{bad_request}"),
    )
    assert_only(
        result,
        (at(text, "responses:", after="post:"), "error-responses"),
        (at(text, "responses:", after="get:"), "error-responses"),
        (at(text, "schema:", after="'401':"), "error-responses"),
        (at(text, "BadRequest:"), "error-responses"),  # once, though two operations use it
    )
    messages = "\n".join(result.messages)
    assert "create_picture_modeling_job does not declare the 500 response" in messages
    assert "list_picture_modeling_jobs does not declare the 404 response" in messages
    assert "the 401 response body must be `$ref: '#/components/schemas/Error'`" in messages
    assert "the 400 response has no application/json body" in messages


@pytest.mark.slow
def test_documented_success_status_needs_no_error_body(tmp_path: Path) -> None:
    _, result = lint_damaged(
        tmp_path, ("x-documented-statuses: [401]", "x-documented-statuses: [200, 400, 401, 500]")
    )
    assert result.rc == 0, result.stdout


@pytest.mark.slow
def test_enum_descriptions(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path,
        # JobState: one description short, and one empty
        ("        - Running.\n        - Done.\n", "        - ''\n"),
        # Resolution: none at all
        ("      x-enum-descriptions: [HD, Full HD, Ultra HD]\n", ""),
        # an inline enum in a parameter schema
        ("            $ref: '#/components/schemas/JobState'\n      responses:",
         "            type: string\n            enum: [asc, desc]\n      responses:"),
    )  # fmt: skip
    assert_only(
        result,
        (at(text, "x-enum-descriptions:", after="JobState:"), "enum-descriptions"),
        (at(text, "- ''"), "enum-descriptions"),
        (at(text, "enum: [720p, 1080p, 4K]"), "enum-descriptions"),
        (at(text, "enum: [asc, desc]"), "enum-descriptions"),
    )
    assert "x-enum-descriptions has 3 entries, enum has 4" in "\n".join(result.messages)


@pytest.mark.slow
def test_enum_varnames(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path,
        # a digit-led string value, no varnames
        ("      x-enum-varnames: [R720P, R1080P, R4K]\n", ""),
        # an integer enum: a keyword, a duplicate, and one name short
        ("x-enum-varnames: [LOW, NORMAL, HIGH]", "x-enum-varnames: [class, LOW, LOW, HIGH]"),
    )
    line = at(text, "x-enum-varnames: [class, LOW, LOW, HIGH]")
    assert_only(
        result,
        (at(text, "enum: [720p, 1080p, 4K]"), "enum-varnames"),
        (line, "enum-varnames"),
    )
    messages = "\n".join(result.messages)
    assert "enum value '720p' is not a valid name; add x-enum-varnames" in messages
    assert "x-enum-varnames has 4 entries, enum has 3" in messages
    assert "x-enum-varnames[0] 'class' is not a Python name" in messages
    assert "x-enum-varnames[2] 'LOW' is a duplicate" in messages


@pytest.mark.slow
def test_no_ref_siblings(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path,
        ("        resolution:\n          $ref: '#/components/schemas/Resolution'\n",
         "        resolution:\n          $ref: '#/components/schemas/Resolution'\n"
         "          description: Output resolution.\n"),
        ("          $ref: '#/components/responses/BadRequest'\n        '401':",
         "          $ref: '#/components/responses/BadRequest'\n          description: Bad.\n"
         "        '401':"),
    )  # fmt: skip
    bad_request_ref = at(text, "$ref: '#/components/responses/BadRequest'", after="get:")
    assert_only(
        result,
        (at(text, "$ref: '#/components/schemas/Resolution'"), "no-ref-siblings"),
        (bad_request_ref, "no-ref-siblings"),
    )


@pytest.mark.slow
def test_ref_siblings_inside_examples_are_data(tmp_path: Path) -> None:
    _, result = lint_damaged(
        tmp_path,
        ("              name: demo\n", "              name: demo\n              $ref: not-a-ref\n"),
    )
    assert not any(r == "no-ref-siblings" for _, _, r in result.problems), result.stdout


@pytest.mark.slow
def test_examples_validate(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path,
        # media type `example` (request body): not an enum value
        ("              resolution: 1080p\n", "              resolution: 8K\n"),
        # media type `examples.*.value` (response): a required property missing
        ("                    job_id: 0b7e3c1e\n                    state: WAITING\n",
         "                    state: WAITING\n"),
        # parameter `examples`: above its maximum
        ("              value: 10\n", "              value: 1000\n"),
        # a component example used through $ref: wrong type deep inside
        ("            labels: [demo]\n", "            labels: [7]\n"),
        # schema `example`: not an RFC 3339 date-time
        ("          example: '2024-05-01T10:00:00Z'\n", "          example: '2024-05-01 10:00'\n"),
        # schema `examples`: an item of the wrong type
        ("            - [urgent, demo]\n", "            - urgent\n"),
    )  # fmt: skip
    expected = {
        (at(text, "resolution: 8K"), "examples-validate"),
        (at(text, "value:", after="created:"), "examples-validate"),
        (at(text, "value: 1000"), "examples-validate"),
        (at(text, "labels: [7]"), "examples-validate"),
        (at(text, "example: '2024-05-01 10:00'"), "examples-validate"),
        (at(text, "- urgent"), "examples-validate"),
    }
    ours = {(line, rule) for _, line, rule in result.problems if not rule.startswith("redocly/")}
    assert ours == expected, result.stdout
    # Redocly's recommended example rules find the same six (on the same or the next line).
    redocly = sorted((line, r) for _, line, r in result.problems if r.startswith("redocly/"))
    assert len(redocly) == 6, result.stdout
    assert {r for _, r in redocly} <= {
        "redocly/no-invalid-media-type-examples",
        "redocly/no-invalid-parameter-examples",
        "redocly/no-invalid-schema-examples",
    }
    messages = "\n".join(result.messages)
    assert "at /resolution: '8K' is not one of ['720p', '1080p', '4K']" in messages
    assert "'job_id' is a required property" in messages
    assert "1000 is greater than the maximum of 100" in messages
    assert "at /jobs/0/labels/0: 7 is not of type 'string'" in messages
    assert "'2024-05-01 10:00' is not a 'date-time'" in messages


@pytest.mark.slow
def test_field_descriptions(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path,
        # inline property (response schema)
        ("                    description: Total number of jobs.\n", ""),
        # component property
        ("          description: Job name.\n", ""),
        # property of the Error schema
        ("          description: Error code.\n", ""),
        # a bare $ref property whose target has no description
        ("      description: Output resolution.\n", ""),
        # a wrapper must carry its own description
        ("          description: Final state, if any.\n", ""),
        # parameter
        ("          description: Page size.\n", ""),
        # header
        ("              description: Request ID.\n", ""),
    )
    assert_only(
        result,
        (at(text, "count:"), "field-descriptions"),
        (at(text, "name:", after="JobRequest:"), "field-descriptions"),
        (at(text, "error_code:", after="Error:"), "field-descriptions"),
        (at(text, "resolution:", after="JobRequest:"), "field-descriptions"),
        (at(text, "end_state:"), "field-descriptions"),
        (at(text, "- name: limit"), "field-descriptions"),
        (at(text, "X-Request-Id:"), "field-descriptions"),
    )


@pytest.mark.slow
def test_whitespace_only_descriptions_are_no_descriptions(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path,
        ("          description: Job name.\n", "          description: '  '\n"),
        ("          description: Page size.\n", '          description: "\\t"\n'),
        ("              description: Request ID.\n", "              description: ' '\n"),
        ("        - Running.\n", "        - '   '\n"),
    )
    assert_only(
        result,
        (at(text, "name:", after="JobRequest:"), "field-descriptions"),
        (at(text, "- name: limit"), "field-descriptions"),
        (at(text, "X-Request-Id:"), "field-descriptions"),
        (at(text, "- '   '"), "enum-descriptions"),
    )


@pytest.mark.slow
def test_errata_refs(tmp_path: Path) -> None:
    text = damage(
        tmp_path,
        ("      x-errata: [E01]\n", "      x-errata: [E01, E99]\n"),
        errata_edits=(
            ("    summary: Fixture erratum.\n",
             "    summary: Fixture erratum.\n"
             "  - id: E02\n    pointer: /components/schemas/Nope\n    summary: Dangling.\n"),
        ),
    )  # fmt: skip
    result = run_lint(tmp_path, "spec.yaml")
    errata = (tmp_path / "errata.yaml").read_text(encoding="utf-8")
    assert result.rc == 1
    assert result.problems == {
        ("spec.yaml", at(text, "x-errata: [E01, E99]") + 0, "errata-refs"),
        ("errata.yaml", at(errata, "pointer: /components/schemas/Nope"), "errata-refs"),
    }, result.stdout
    messages = "\n".join(result.messages)
    assert "x-errata 'E99' is not an entry of errata.yaml" in messages
    assert "errata E02: pointer /components/schemas/Nope does not exist in the spec" in messages


@pytest.mark.slow
def test_errata_file_missing(tmp_path: Path) -> None:
    text = damage(tmp_path)
    (tmp_path / "errata.yaml").unlink()
    result = run_lint(tmp_path, "spec.yaml")
    assert result.problems == {("spec.yaml", at(text, "x-errata: [E01]"), "errata-refs")}


@pytest.mark.slow
def test_operation_ids(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path,
        ("      operationId: list_picture_modeling_jobs\n", "      operationId: listJobs\n"),
        ("      x-sdk-method: create_picture_modeling_job\n", ""),
        ("x-sdk-method: list_picture_modeling_jobs", "x-sdk-method: list_imaginary_jobs"),
    )
    assert_only(
        result,
        (at(text, "operationId: listJobs"), "operation-ids"),
        (at(text, "post:"), "operation-ids"),
        (at(text, "x-sdk-method: list_imaginary_jobs"), "operation-ids"),
    )
    messages = "\n".join(result.messages)
    assert "operationId 'listJobs' is not snake_case" in messages
    assert "POST /v1/{project_id}/jobs has no x-sdk-method" in messages
    assert (
        "'list_imaginary_jobs' is not a method of the official SDK's MetaStudioClient" in messages
    )


def test_list_rules() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "lint", "--list-rules"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0
    ids = [line.split()[0] for line in proc.stdout.splitlines()]
    assert ids == [
        "error-responses",
        "enum-descriptions",
        "enum-varnames",
        "no-ref-siblings",
        "examples-validate",
        "field-descriptions",
        "errata-refs",
        "operation-ids",
        "lifecycle-shape",
        "lifecycle-states",
        "lifecycle-allowed-states",
        "lifecycle-triggers",
        "lifecycle-guards",
        "lifecycle-final",
        "lifecycle-failed",
        "lifecycle-reachable",
        "lifecycle-log-types",
        "gateway-errors",
        "x-source",
    ]


# -- SpecDoc -----------------------------------------------------------------------------------
def test_specdoc_lines_and_refs() -> None:
    doc = SpecDoc(FIXTURES / "valid.yaml")
    assert doc.line_of("") == at(VALID, "openapi: 3.1.0")  # the root node, below a comment
    post = "/paths/~1v1~1{project_id}~1jobs/post"
    assert doc.line_of(post) == at(VALID, "post:")
    assert doc.line_of("#" + post) == doc.line_of(["paths", "/v1/{project_id}/jobs", "post"])
    assert doc.line_of(post + "/tags/0") == at(VALID, "tags: [jobs]", after="post:")
    assert doc.line_of(post + "/no/such/node") == doc.line_of(post)
    assert doc.resolve("#/components/schemas/Error")["required"] == ["error_code", "error_msg"]
    target, pointer = doc.deref({"$ref": "#/components/responses/BadRequest"})
    assert pointer == "/components/responses/BadRequest" and "content" in target
    assert [(o.method, o.data["operationId"]) for o in doc.operations()] == [
        ("post", "create_picture_modeling_job"),
        ("get", "list_picture_modeling_jobs"),
    ]
    assert doc.errata is not None and doc.errata.data["errata"][0]["id"] == "E01"
    with pytest.raises(KeyError):
        doc.resolve("#/components/schemas/Nope")


def test_specdoc_reads_yaml_as_json_would(tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(
        "a: on\nb: 2024-05-01T10:00:00Z\nc: 0x1F\nd: '12'\ne: !!str 12\nf: ~\ng: 1.5e3\n"
        "200: ok\nh: &x [1, 2]\ni: *x\nj: No\n",
        encoding="utf-8",
    )
    doc = YamlDoc(path)
    assert doc.data == {
        "a": "on",
        "b": "2024-05-01T10:00:00Z",
        "c": 31,
        "d": "12",
        "e": "12",
        "f": None,
        "g": 1500.0,
        "200": "ok",
        "h": [1, 2],
        "i": [1, 2],
        "j": "No",
    }
    assert doc.line_of("/200") == 8 and doc.line_of("/h/1") == 9


def test_specdoc_errors_carry_lines(tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text("a: 1\nb:\n  c: [1,\n", encoding="utf-8")
    with pytest.raises(SpecLoadError) as info:
        SpecDoc(path)
    assert info.value.line == 4 and info.value.path == path
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(SpecLoadError, match="not a mapping"):
        SpecDoc(path)


# -- x-lifecycle (checked by generator.specmodel, reported by the lifecycle-* rules) ----------
TO_SUCCEED = "trigger: create_picture_modeling_job, guard: all_parts_uploaded"


@pytest.mark.parametrize(
    ("edit", "marker", "rule"),
    [
        # a final state that is no state of the enum
        (("final: [SUCCEED, FAILED]", "final: [SUCEED, FAILED]"), "SUCEED", "lifecycle-states"),
        # a trigger that is no operationId, command value, system or system_failure
        (
            (TO_SUCCEED, "trigger: create_job, guard: all_parts_uploaded"),
            "trigger: create_job",
            "lifecycle-triggers",
        ),
        # a guard the mock does not know
        (
            (TO_SUCCEED, "trigger: create_picture_modeling_job, guard: all_uploaded"),
            "guard: all_uploaded",
            "lifecycle-guards",
        ),
        # a final state with an outgoing transition
        (
            (
                "to: SUCCEED, log_type: DONE}",
                "to: SUCCEED, log_type: DONE}\n"
                "          - {from: [SUCCEED], trigger: system, after: 1, to: WAITING}",
            ),
            "from: [SUCCEED]",
            "lifecycle-final",
        ),
        # a failed state that is no state of the enum
        (("failed: [FAILED]", "failed: [FAILD]"), "failed: [FAILD]", "lifecycle-states"),
        # a system_failure step into a state not listed as failed
        (
            (
                "to: PROCESSING, log_type: QUEUED}",
                "to: PROCESSING, log_type: QUEUED}\n"
                "          - {from: [WAITING], trigger: system_failure, to: PROCESSING}",
            ),
            "trigger: system_failure, to: PROCESSING}",
            "lifecycle-failed",
        ),
        # a failed state no transition leaves that is not final (a waiter would hang on it)
        (("final: [SUCCEED, FAILED]", "final: [SUCCEED]"), "failed: [FAILED]", "lifecycle-failed"),
        # a state neither reachable nor listed as unreachable (named at its enum entry)
        (("unreachable: [FAILED]", "unreachable: []"), "enum: [WAITING,", "lifecycle-reachable"),
        # a state listed as unreachable that the lifecycle reaches
        (
            ("unreachable: [FAILED]", "unreachable: [FAILED, PROCESSING]"),
            "unreachable: [FAILED, PROCESSING]",
            "lifecycle-reachable",
        ),
        # a log_type that is no value of the log_type property's enum
        (("log_type: DONE}", "log_type: FINISHED}"), "log_type: FINISHED", "lifecycle-log-types"),
        # a misspelt transition key
        (("guard: all_parts_uploaded", "gaurd: all_parts_uploaded"), "gaurd:", "lifecycle-shape"),
    ],
    ids=lambda value: value if isinstance(value, str) and value.startswith("lifecycle") else "",
)
@pytest.mark.slow
def test_lifecycle_rules(tmp_path: Path, edit: tuple[str, str], marker: str, rule: str) -> None:
    text, result = lint_damaged(tmp_path, edit)
    assert_only(result, (at(text, marker), rule))


@pytest.mark.slow
def test_allowed_states_must_be_states(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path,
        (
            "      x-sdk-method: create_picture_modeling_job\n",
            "      x-sdk-method: create_picture_modeling_job\n      x-allowed-states: [WAITNG]\n",
        ),
    )
    assert_only(result, (at(text, "x-allowed-states: [WAITNG]"), "lifecycle-states"))
    assert "'WAITNG' is not a state of JobState" in result.message("lifecycle-states")


# -- x-source ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_x_source_marks_whole_nodes_single_enum_values_and_keywords(tmp_path: Path) -> None:
    """Well-formed marks pass; an unknown source, a value not in the enum and a keyword the node
    lacks are reported on their own line."""
    text, result = lint_damaged(
        tmp_path,
        (
            "log_type: DONE}\n    Resolution:\n",
            "log_type: DONE}\n      x-source:\n        enum:\n          FAILED: sdk\n"
            "          CANCELLED: sdk\n    Resolution:\n",
        ),
        (
            "      x-enum-varnames: [R720P, R1080P, R4K]\n",
            "      x-enum-varnames: [R720P, R1080P, R4K]\n      x-source: {enum: {4K: service}}\n",
        ),
        (
            "      x-enum-varnames: [LOW, NORMAL, HIGH]\n",
            "      x-enum-varnames: [LOW, NORMAL, HIGH]\n      x-source: {maximum: sdk}\n",
        ),
        (
            "          description: Page size.\n",
            "          description: Page size.\n          x-source: sdk\n",
        ),
    )
    assert_only(
        result,
        (at(text, "CANCELLED: sdk"), "x-source"),
        (at(text, "x-source: {enum: {4K: service}}"), "x-source"),
        (at(text, "x-source: {maximum: sdk}"), "x-source"),
    )
    assert "'CANCELLED', not a value" in result.message("x-source")


@pytest.mark.slow
def test_allowed_states_must_agree_with_the_lifecycle(tmp_path: Path) -> None:
    """x-allowed-states and the `from` list of the operation's x-lifecycle transitions are two
    spellings of one fact: lint fails, on the x-allowed-states line, when they disagree."""
    text, result = lint_damaged(
        tmp_path,
        (
            "      x-sdk-method: create_picture_modeling_job\n",
            "      x-sdk-method: create_picture_modeling_job\n      x-allowed-states: [WAITING]\n",
        ),
    )
    line = at(text, "x-allowed-states: [WAITING]")
    assert_only(result, (line, "lifecycle-allowed-states"))
    assert (
        f"spec.yaml:{line}: lifecycle-allowed-states: x-allowed-states [WAITING] disagree with"
        " the states JobState's x-lifecycle takes create_picture_modeling_job from [PROCESSING]"
    ) in result.stdout


@pytest.mark.slow
def test_allowed_states_that_agree_with_the_lifecycle_are_clean(tmp_path: Path) -> None:
    damage(
        tmp_path,
        (
            "      x-sdk-method: create_picture_modeling_job\n",
            "      x-sdk-method: create_picture_modeling_job\n"
            "      x-allowed-states: [PROCESSING]\n",
        ),
    )
    result = run_lint(tmp_path, "spec.yaml")
    assert result.rc == 0 and result.problems == set(), result.stdout


# --- House lint rules at edges `make mutate` found untested, end to end like the tests above
# (whose helpers these are): a $ref with a sibling is not described by its target, and
# errata.yaml may map ids to entries; and single rules called directly on a tiny spec.


@pytest.mark.slow
def test_a_ref_with_siblings_needs_its_own_description(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path,
        ("          $ref: '#/components/schemas/Resolution'\n        priority:",
         "          $ref: '#/components/schemas/Resolution'\n          readOnly: true\n"
         "        priority:"),
    )  # fmt: skip
    line = at(text, "resolution:", after="JobRequest:")
    rules = {rule for _, at_line, rule in result.problems if at_line == line}
    assert "field-descriptions" in rules, result.stdout


@pytest.mark.slow
def test_errata_may_map_ids_to_entries(tmp_path: Path) -> None:
    damage(
        tmp_path,
        errata_edits=(("errata:\n  - id: E01\n    pointer:", "errata:\n  E01:\n    pointer:"),),
    )
    result = run_lint(tmp_path, "spec.yaml")
    assert result.rc == 0, result.stdout


TINY = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Level:
      type: integer
      enum: [1, 2, 3]
      x-enum-varnames: [LOW, HIGH]
      x-enum-descriptions: [low, middle, high, extra]
    Quality:
      type: string
      enum: [HD, 4K]
    Holder:
      type: object
      properties:
        level: {$ref: '#/components/schemas/Level', $comment: a sibling that sorts before}
"""


def findings(tmp_path: Path, rule_id: str, errata: str | None = None) -> list[tuple[str, str]]:
    """One rule over TINY (and `errata`), called directly (no Node tools, no subprocess)."""
    (tmp_path / "spec.yaml").write_text(TINY, encoding="utf-8")
    if errata is not None:
        (tmp_path / "errata.yaml").write_text(errata, encoding="utf-8")
    doc = SpecDoc(tmp_path / "spec.yaml")
    found = RULES[rule_id](Context(doc, Walk.of(doc.data)))
    return [(f.pointer, f.message) for f in found if f.in_errata == (errata is not None)]


def test_fewer_varnames_than_values_are_reported(tmp_path: Path) -> None:
    assert findings(tmp_path, "enum-varnames") == [
        (
            "/components/schemas/Level/x-enum-varnames",
            "x-enum-varnames has 2 entries, enum has 3",
        ),
        (
            "/components/schemas/Quality/enum",
            "enum value '4K' is not a valid name; add x-enum-varnames",
        ),
    ]


def test_more_enum_descriptions_than_values_are_reported(tmp_path: Path) -> None:
    assert (
        "/components/schemas/Level/x-enum-descriptions",
        "x-enum-descriptions has 4 entries, enum has 3",
    ) in findings(tmp_path, "enum-descriptions")


def test_every_sibling_of_a_ref_is_named(tmp_path: Path) -> None:
    assert findings(tmp_path, "no-ref-siblings") == [
        (
            "/components/schemas/Holder/properties/level/$ref",
            "$ref has sibling keys ($comment); use allOf/anyOf to add them",
        )
    ]


def test_errata_pointers_must_be_json_pointers(tmp_path: Path) -> None:
    errata = (
        "- id: E01\n  pointer: components/schemas/Level\n"
        "- id: E02\n  pointers: [/components/schemas/Level, 7]\n"
    )
    assert findings(tmp_path, "errata-refs", errata) == [
        ("/0/pointer", "errata E01: 'components/schemas/Level' is not a JSON pointer"),
        ("/1/pointers/1", "errata E02: 7 is not a JSON pointer"),
    ]
