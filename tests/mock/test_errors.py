"""The mock's error bodies come from the spec's documented examples, even for a crash."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from mockserver import CREDENTIALS, EXAMPLE_TRAINING_JOB, SPEC
from mockutil import model

from generator.mock.app import create_app
from generator.mock.config import MockConfig

TRAINING = EXAMPLE_TRAINING_JOB


def documented(status: int) -> dict[str, object]:
    return dict(model().error_examples[status])


def test_error_codes_are_the_specs_examples() -> None:
    examples = model().error_examples
    assert set(examples) >= {400, 401, 404, 500}
    doc = model().doc
    for status, name in ((400, "BadRequest"), (401, "Unauthorized"), (404, "NotFound")):
        assert examples[status] == doc.get(
            f"/components/responses/{name}/content/application~1json/example"
        )


@pytest.mark.anyio
async def test_a_crash_answers_the_documented_500_with_a_request_id(tmp_path: Path) -> None:
    app = create_app(
        MockConfig(db_path=tmp_path / "s.sqlite", credentials=CREDENTIALS, spec_path=SPEC)
    )

    def broken(*args: object) -> None:
        raise RuntimeError("injected fault")

    app.state.mock.store.training.read = broken  # fault injection into the real app
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
        response = await client.get(
            f"/v1/{CREDENTIALS.project_id}/digital-human-training-manage/user/jobs/{TRAINING}",
            headers={"X-Auth-Token": CREDENTIALS.token},
        )
    assert response.status_code == 500
    assert response.json() == documented(500)
    assert "injected fault" not in response.text and "Traceback" not in response.text
    assert response.headers["x-request-id"]
