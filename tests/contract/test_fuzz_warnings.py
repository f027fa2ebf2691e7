"""`make fuzz` explains, in one line each, the warnings schemathesis prints beside a passing run
(issue 24), and says so when it cannot: a warning it does not know is "not explained"."""

from __future__ import annotations

from generator.contract.settings import lifecycle_writes, operation_ids
from generator.contract.summary import WARNING_REASONS, Collector, explain_extraction

LINK = "$response.body#/jobs/0/job_id"
WRITES = frozenset(f"{m} {p}" for op, m, p in operation_ids() if op in lifecycle_writes())
READ = next(f"{m} {p}" for op, m, p in operation_ids() if op not in lifecycle_writes())


def test_an_empty_list_explains_a_link_that_found_nothing() -> None:
    assert explain_extraction(LINK, {"count": 0, "jobs": []}) == (
        "the list on its path was empty (generated filters matched no job)"
    )
    assert explain_extraction(LINK, {"jobs": [{"job_id": "x"}]}) is None  # found: no excuse
    assert explain_extraction(LINK, {"jobs": [{}]}) is None  # the item lacks the field
    assert explain_extraction(LINK, {"count": 0}) is None  # no list at all
    assert explain_extraction("$response.body#/jobs/1/job_id", {"jobs": [{"job_id": "x"}]}) is None
    assert explain_extraction("$response.header.Location", {"jobs": []}) is None
    assert explain_extraction(LINK, None) is None


def test_the_lifecycle_writes_are_the_two_training_writes() -> None:
    assert len(WRITES) == 2 and all(label.split()[0] in ("PUT", "POST") for label in WRITES)


def test_known_warnings_get_their_one_line_reason() -> None:
    collector = Collector(lifecycle=WRITES)
    collector.warnings = {"validation_mismatch": sorted(WRITES)}
    collector.unextracted = [("list -> show_first_job", LINK, {"count": 0, "jobs": []})]
    summary = collector.render()
    assert "warnings   : 2 (each explained; warnings are not failures)" in summary
    reason = WARNING_REASONS["validation_mismatch"][1]
    assert (
        f'  schemathesis "validation_mismatch" ({", ".join(sorted(WRITES))}): {reason}' in summary
    )
    assert f"  link list -> show_first_job: nothing at {LINK}; the list on its path was empty" in (
        summary
    )
    assert "not explained" not in summary


def test_a_warning_it_cannot_explain_is_said_to_be_unexplained() -> None:
    collector = Collector(lifecycle=WRITES)
    collector.warnings = {"validation_mismatch": [READ], "missing_test_data": sorted(WRITES)}
    collector.unextracted = [("list -> show_first_job", LINK, {"jobs": [{}]})]
    summary = collector.render()
    assert "warnings   : 3 (3 not explained; warnings are not failures)" in summary
    assert summary.count("not explained here") == 3


def test_no_warnings_no_warnings_line() -> None:
    assert "warnings" not in Collector().render()
