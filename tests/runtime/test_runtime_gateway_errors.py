"""The client's typed errors follow the spec's gateway catalogue (`x-gateway-errors`): each
gateway answer, as the gateway sends it, raises the class the catalogue names."""

from __future__ import annotations

import json

import httpx
import pytest
from metastudio_client.runtime import errors

from generator.specmodel import GatewayError, default_model

ANSWERS = default_model().gateway.answers


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: f"{a.status}-{a.error_code}")
def test_each_gateway_answer_raises_its_class(answer: GatewayError) -> None:
    body = {"error_code": answer.error_code, "error_msg": answer.error_msg, "request_id": "r1"}
    request = httpx.Request("GET", "https://metastudio.cn-north-4.myhuaweicloud.com/v1/p/x")
    response = httpx.Response(
        answer.status,
        content=json.dumps(body).encode(),
        headers={"X-Request-Id": "r1"},
        request=request,
    )
    with pytest.raises(errors.APIStatusError) as caught:
        errors.raise_for_status(response)
    error = caught.value
    assert type(error).__name__ == answer.client_error
    assert (error.error_code, error.error_msg) == (answer.error_code, answer.error_msg)
    assert error.from_gateway and error.request_id == "r1"


def test_a_service_error_is_not_from_the_gateway() -> None:
    body = {"error_code": "MSS.00000003", "error_msg": "Invalid parameter"}
    response = httpx.Response(400, json=body, request=httpx.Request("GET", "https://x/"))
    error = errors.APIStatusError.from_response(response)
    assert isinstance(error, errors.BadRequestError) and not error.from_gateway
