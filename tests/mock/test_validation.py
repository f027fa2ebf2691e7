"""Request validation from the spec: 400 MSS.00000003 naming the field; never a 500."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from mockserver import EXAMPLE_TRAINING_JOB, EXAMPLE_VIDEO_JOB, MockServer
from mockutil import assert_error, model

from generator.mock.limits import MAX_QUERY_FIELDS
from generator.mock.validation import (
    FORMAT_CHECKER,
    OperationValidator,
    ValidationFailed,
    _type_of,
    fast_check,
    parse_query,
)
from generator.spec import SpecDoc

TRAINING = EXAMPLE_TRAINING_JOB


@pytest.fixture
def job_path(mock_server: MockServer) -> str:
    """A job in an updatable state, so only validation can refuse the request."""
    job_id = mock_server.create_training_job(model().update_allowed_states[0], hold=True)["job_id"]
    return mock_server.training_path(job_id)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"video_multipart_count": 0}, "body.video_multipart_count"),
        ({"video_multipart_count": 1001}, "body.video_multipart_count"),
        ({"video_multipart_count": "2"}, "body.video_multipart_count"),
        ({"video_multipart_count": True}, "body.video_multipart_count"),
        ({"is_background_replacement": "yes"}, "body.is_background_replacement"),
        ({"command_message": "NOPE"}, "body.command_message"),
        ({"audio_source_type": "RADIO"}, "body.audio_source_type"),
        ({"tags": "not-a-list"}, "body.tags"),
        (
            {"samples_basic_info": [{"action_name_en": "wave"}]},
            "body.samples_basic_info[0].action_tag",
        ),
        ([1, 2], "body"),
    ],
)
def test_update_body_is_checked_against_the_spec(
    mock_server: MockServer, job_path: str, body: object, field: str
) -> None:
    with mock_server.client() as client:
        response = client.put(job_path, json=body)
    assert_error(response, 400, field)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"command": "BOGUS"}, "body.command"),
        ({}, "body.command"),
        (
            {"command": "CONFIRM_ANSWER", "command_message": "REPLACE_VIDEO"},
            "body.command_message",
        ),
        (
            {"command": "CONFIRM_ANSWER", "comment_data": {"attachment_name": [1]}},
            "body.comment_data.attachment_name[0]",
        ),
    ],
)
def test_command_body_is_checked(
    mock_server: MockServer, job_path: str, body: object, field: str
) -> None:
    with mock_server.client() as client:
        response = client.post(job_path + "/command", json=body)
    assert_error(response, 400, field)


def test_malformed_json_wrong_content_type_missing_and_oversized_bodies(
    mock_server: MockServer, job_path: str
) -> None:
    with mock_server.client() as client:
        json_headers = {"Content-Type": "application/json"}
        bad = client.put(job_path, content=b'{"name": ', headers=json_headers)
        assert_error(bad, 400, "body", "not valid JSON")
        nan = client.put(job_path, content=b'{"video_multipart_count": NaN}', headers=json_headers)
        assert_error(nan, 400, "not valid JSON")
        text = client.put(
            job_path, content=b'{"name": "x"}', headers={"Content-Type": "text/plain"}
        )
        assert_error(text, 400, "Content-Type", "text/plain")
        missing = client.post(job_path + "/command", headers=json_headers)
        assert_error(missing, 400, "body", "required")
        limit = mock_server_limit()
        big = b'{"name": "' + b"x" * limit + b'"}'
        oversized = client.put(job_path, content=big, headers=json_headers)
        assert_error(oversized, 400, "body", "larger than")

        def chunks() -> Iterator[bytes]:
            for _ in range(limit // 65536 + 2):
                yield b"x" * 65536

        streamed = client.put(job_path, content=chunks(), headers=json_headers)  # no length
        assert_error(streamed, 400, "larger than")
        empty = client.put(job_path, headers=json_headers)  # the update body is optional
        assert empty.status_code == 200, empty.text


def mock_server_limit() -> int:
    from generator.mock.config import DEFAULT_MAX_BODY

    return DEFAULT_MAX_BODY


@pytest.mark.slow
def test_header_patterns(mock_server: MockServer, job_path: str) -> None:
    with mock_server.client() as client:
        chinese = client.get(job_path, headers={b"X-App-UserId": "用户".encode()})
        assert_error(chinese, 400, "header.X-App-UserId")
        assert client.get(job_path, headers={"X-App-UserId": "user-42"}).status_code == 200
        date = client.get(job_path, headers={"X-Sdk-Date": "2024-07-04 08:30"})
        assert_error(date, 400, "header.X-Sdk-Date")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=-1", "query.limit"),
        ("offset=abc", "query.offset"),
        ("offset=1.5", "query.offset"),
        ("limit=99999999999", "query.limit"),
        ("state=CREATING,PUBLISHED", "query.state[0]"),
        ("state=SUCCEED,NOPE", "query.state[1]"),
        ("state=SUCCEED&state=FAILED", "query.state"),
        ("limit=1&limit=2", "query.limit"),
        ("sort_dir=up", "query.sort_dir"),
        ("sort_key=name", "query.sort_key"),
        ("job_type=3D", "query.job_type"),
        ("create_since=yesterday", "query.create_since"),
        ("create_until=2024-13-01T00:00:00Z", "query.create_until"),
    ],
)
def test_list_query_parameters(mock_server: MockServer, query: str, field: str) -> None:
    with mock_server.client() as client:
        response = client.get(f"/v1/{mock_server.project_id}/digital-human-videos?{query}")
    assert_error(response, 400, field)


def test_show_script_must_be_boolean(mock_server: MockServer) -> None:
    path = f"/v1/{mock_server.project_id}/2d-digital-human-videos/{EXAMPLE_VIDEO_JOB}"
    with mock_server.client() as client:
        assert_error(client.get(path + "?show_script=maybe"), 400, "query.show_script")
        assert client.get(path + "?show_script=true").status_code == 200


def test_unknown_jobs_routes_and_methods(mock_server: MockServer) -> None:
    p = mock_server.project_id
    with mock_server.client() as client:
        assert_error(client.get(mock_server.training_path("nope")), 404, "nope")
        assert_error(client.put(mock_server.training_path("nope"), json={}), 404, "nope")
        command = client.post(
            mock_server.training_path("nope", command=True), json={"command": "CONFIRM_ANSWER"}
        )
        assert_error(command, 404, "nope")
        assert_error(client.get(f"/v1/{p}/2d-digital-human-videos/nope"), 404, "nope")
        assert_error(client.get(f"/v1/{p}/no-such-thing"), 404)
        wrong = client.delete(mock_server.training_path(TRAINING))
        assert wrong.status_code == 405 and wrong.json()["error_code"]
        assert set(wrong.headers["allow"].split(", ")) == {"GET", "HEAD", "PUT"}
        assert wrong.headers.get("x-request-id")


def test_request_ids_are_unique_on_success_and_error(mock_server: MockServer) -> None:
    ids = []
    with mock_server.client() as client:
        for i in range(40):
            path = mock_server.training_path(TRAINING if i % 2 else "nope")
            ids.append(client.get(path).headers["x-request-id"])
    with mock_server.client(auth=None) as client:
        ids += [
            client.get(mock_server.training_path(TRAINING)).headers["x-request-id"]
            for _ in range(10)
        ]
    assert len(set(ids)) == len(ids) == 50


@pytest.mark.slow
def test_hostile_inputs_never_produce_a_500(mock_server: MockServer, job_path: str) -> None:
    rng = random.Random(4)
    bodies: list[bytes] = [
        b"[" * 5000 + b"]" * 5000,
        b'{"name": "\xff\xfe"}',
        b'{"video_multipart_count": 1' + b"0" * 400 + b"}",
        b'{"name": "\\ud800"}',
        b"\x00" * 100,
        b'{"tags": [' + b'"x",' * 1000 + b'"y"]}',
        b'{"samples_basic_info": [{"action_tag": {"a": [[[[[]]]]]}}]}',
        *[bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))) for _ in range(30)],
    ]
    paths = [
        job_path,
        job_path + "/command",
        mock_server.training_path("%00%ff%2F..%2F"),
        mock_server.training_path("x" * 5000),
        f"/v1/{mock_server.project_id}/digital-human-videos?" + "&".join(["a=b"] * 300),
        f"/v1/{mock_server.project_id}/digital-human-videos?state=%ff%fe&create_since=%00",
        f"/v1/{mock_server.project_id}/2d-digital-human-videos/%E2%82%AC?show_script=%ff",
    ]
    headers = {
        "Content-Type": "application/json",
        "X-App-UserId": b"\xff\xfe",
        "X-Sdk-Date": b"\xe2\x82\xac",
    }
    with mock_server.client(headers=headers) as client:
        for path in paths:
            for method in ("GET", "PUT", "POST"):
                for body in bodies[:: 3 if method == "GET" else 1]:
                    response = client.request(method, path, content=body)
                    assert response.status_code < 500, (method, path, body[:40], response.text)
                    assert response.json()["error_code"].startswith("MSS.")
                    assert response.headers.get("x-request-id")


def test_validators_were_compiled_from_the_spec() -> None:
    from generator.mock.validation import OperationValidator

    m = model()
    op = m.operations["list_video_jobs"]
    validator = OperationValidator(m.doc, op.data, op.path_item)
    spec_names = {p["name"] for p in op.data["parameters"]}
    assert set(validator.query_params) == spec_names
    assert validator.query_params["state"].kind == "array"
    assert not validator.query_params["state"].explode


# --- Edges of the mock's request validation that `make mutate` found untested: the query-field
# limit, the int32/int64 and finite-float formats at their bounds, the cut of a long detail, a
# type found through allOf, and maxLength in the fast path.


def test_the_query_may_have_200_fields_not_more() -> None:
    assert MAX_QUERY_FIELDS == 200
    assert len(parse_query("&".join(f"k{i}=v" for i in range(200)))) == 200
    with pytest.raises(ValidationFailed, match="more than 200 fields"):
        parse_query("&".join(f"k{i}=v" for i in range(201)))


@pytest.mark.parametrize(
    ("fmt", "inside", "outside"),
    [
        ("int32", [-(2**31), 2**31 - 1, 0], [-(2**31) - 1, 2**31]),
        ("int64", [-(2**63), 2**63 - 1], [-(2**63) - 1, 2**63]),
        ("float", [1.5, 3, -0.0], [float("nan"), float("inf"), float("-inf")]),
    ],
)
def test_number_formats_at_their_bounds(
    fmt: str, inside: list[float], outside: list[float]
) -> None:
    assert all(FORMAT_CHECKER.conforms(v, fmt) for v in inside), inside
    assert not any(FORMAT_CHECKER.conforms(v, fmt) for v in outside), outside


def test_a_long_detail_is_cut_at_300_characters() -> None:
    assert str(ValidationFailed("body.name", "x" * 300)) == "body.name: " + "x" * 300
    assert str(ValidationFailed("body.name", "x" * 301)) == "body.name: " + "x" * 300 + "..."


def test_the_type_is_found_through_all_of() -> None:
    assert _type_of({"description": "a wrapper", "allOf": [{"type": "integer"}]}) == "integer"


def test_max_length_in_the_fast_path() -> None:
    check = fast_check({"type": "string", "maxLength": 3})
    assert check is not None
    assert check("abc") and check("") and not check("abcd")


@pytest.mark.parametrize(
    ("listed", "kind"), [(["number", "null"], "number"), (["null", "object"], "object")]
)
def test_a_nullable_type_list_gives_its_non_null_type(listed: list[str], kind: str) -> None:
    assert _type_of({"type": listed}) == kind
    assert _type_of({"type": ["null"]}) == "string"


def test_the_fast_path_declines_schemas_it_does_not_know() -> None:
    assert fast_check({"type": "string", "const": "a"}) is None  # a keyword outside its set
    assert fast_check(True) is None  # a boolean schema
    nothing = fast_check({"type": []})  # admits no type: rejects every value
    assert nothing is not None
    values: list[object] = ["a", 1, None, [], {}]
    assert not any(nothing(v) for v in values)


SPEC_OF_ONE = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /things/{id}:
    get:
      parameters:
        - {name: id, in: path, schema: {type: string}}
        - {name: flag, in: query, schema: {type: boolean}}
        - {name: X-Trace, in: header, schema: {type: string}}
      responses: {"200": {description: ok}}
"""


def test_parameters_without_required_follow_openapi_defaults(tmp_path: Path) -> None:
    """Only a path parameter is required when the spec does not say; a boolean query parses."""
    (tmp_path / "spec.yaml").write_text(SPEC_OF_ONE, encoding="utf-8")
    doc = SpecDoc(tmp_path / "spec.yaml", load_errata=False)
    item = doc.data["paths"]["/things/{id}"]
    validator = OperationValidator(doc, item["get"], item)
    assert [p.required for p in validator.path_params] == [True]
    assert validator.validate({"id": "a"}, [], {}, b"", None).query == {}
    for raw, value in (("true", True), ("false", False)):
        validated = validator.validate({"id": "a"}, [("flag", raw)], {"x-trace": "t"}, b"", None)
        assert validated.query == {"flag": value}
        assert validated.headers == {"X-Trace": "t"}
    with pytest.raises(ValidationFailed, match="'yes' is not true or false"):
        validator.validate({"id": "a"}, [("flag", "yes")], {}, b"", None)
