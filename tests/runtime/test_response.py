"""generator/runtime/response.py at its edges (found by `make mutate`), through the generated
client's copy (`metastudio_client.runtime`, what users run): its response parsing: the
documented status and an object, a refused body cut at 200 characters, the raw response a frozen
value."""

from __future__ import annotations

import dataclasses
import re

import httpx
import pytest
from metastudio_client.runtime import (
    errors,
    response,
)


def test_a_bad_2xx_names_its_request_id_only_when_sent() -> None:
    request = httpx.Request("GET", "http://127.0.0.1:9/v1/p/jobs")
    with_id = httpx.Response(
        200, content=b"<html>", headers={"X-Request-Id": "r-1"}, request=request
    )
    error = errors.APIResponseValidationError("not JSON", response=with_id)
    assert str(error).endswith("(request id r-1)") and error.request_id == "r-1"
    without = httpx.Response(200, content=b"<html>", request=request)
    assert "request id" not in str(errors.APIResponseValidationError("x", response=without))


def test_parse_body_wants_exactly_the_documented_status_and_an_object() -> None:
    request = httpx.Request("GET", "http://127.0.0.1:9/v1/p/jobs")
    with pytest.raises(errors.APIStatusError) as other:
        response.parse_body(httpx.Response(201, json={}, request=request), 200, dict)
    assert other.value.status_code == 201
    with pytest.raises(errors.APIStatusError):  # below the documented one too
        response.parse_body(httpx.Response(200, json={}, request=request), 201, dict)
    for body, shape in ((b"[1]", "got list (JSON array)"), (b"5", "got int (JSON scalar)")):
        with pytest.raises(errors.APIResponseValidationError, match=re.escape(shape)):
            response.parse_body(httpx.Response(200, content=body, request=request), 200, dict)


def test_a_body_the_model_refuses_is_cut_at_200_characters() -> None:
    def refuse(data: object) -> object:
        raise ValueError("x" * 300)

    answer = httpx.Response(200, json={}, request=httpx.Request("GET", "http://127.0.0.1:9/"))
    with pytest.raises(errors.APIResponseValidationError) as caught:
        response.parse_body(answer, 200, refuse)
    assert caught.value.reason == "the body does not fit the model: ValueError: " + "x" * 200


def test_a_raw_response_is_a_frozen_value_whose_repr_leaves_out_the_wire() -> None:
    answer = httpx.Response(200, json={"a": 1}, headers={"X-Request-Id": "r-2"})
    raw = response.raw_response(answer, 200, dict)
    assert repr(raw) == "APIResponse(status_code=200, request_id='r-2', parsed={'a': 1})"
    with pytest.raises(dataclasses.FrozenInstanceError):
        raw.parsed = {}  # type: ignore[misc]
