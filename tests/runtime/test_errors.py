"""generator/runtime/errors.py at its edges (found by `make mutate`), through the generated
client's copy (`metastudio_client.runtime`, what users run): its error family: one class per
status, error bodies of other shapes."""

from __future__ import annotations

import httpx
import pytest
from metastudio_client.runtime import (
    errors,
)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (402, errors.APIStatusError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (429, errors.RateLimitError),
        (499, errors.APIStatusError),
        (500, errors.InternalServerError),
        (599, errors.InternalServerError),
    ],
)
def test_each_status_has_its_error_class(status: int, kind: type[errors.APIStatusError]) -> None:
    error = errors.APIStatusError.from_response(httpx.Response(status, json={}))
    assert type(error) is kind and error.status_code == status


def test_error_bodies_of_other_shapes() -> None:
    def error(body: bytes, status: int = 502) -> errors.APIStatusError:
        return errors.APIStatusError.from_response(httpx.Response(status, content=body))

    only_message = error(b'{"error_msg": "busy"}')
    assert (only_message.error_code, only_message.error_msg) == (None, "busy")
    numeric = error(b'{"error_code": 7, "error_msg": 8}')
    assert (numeric.error_code, numeric.error_msg) == ("7", "8")
    nested = error(b'{"error": {"code": "APIGW.0101", "message": "gone"}}', 404)
    assert (nested.error_code, nested.error_msg) == ("APIGW.0101", "gone")
    page = error(b"<html>  " + b"x" * 250 + b"</html>")
    assert str(page) == f"502 Bad Gateway - <html> {'x' * 193}..."
    assert page.body == "<html>  " + "x" * 250 + "</html>"  # not JSON: the text
    short = error(b"x" * 200)
    assert str(short) == f"502 Bad Gateway - {'x' * 200}"  # all of it, no ellipsis
