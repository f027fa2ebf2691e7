"""A 5-second soak of the mock in `make test` (`make soak` runs the same for 60 s): valid and
hostile requests mixed, no 5xx, flat memory, every answered write there after kill -9."""

from __future__ import annotations

import pytest
from mock_soak import soak

pytestmark = pytest.mark.slow  # a soak run


def test_a_short_soak_holds() -> None:
    report = soak(seconds=5.0, workers=4, max_requests=20_000)
    assert report.requests >= 100, report.lines()
    assert report.writes_checked >= 10, report.lines()
    hostile = {"non-UTF-8 Host 400", "malformed HTTP 400", "cross-origin reset 403"}
    assert hostile & set(report.statuses), report.lines()
    assert not report.failures(), report.lines()
