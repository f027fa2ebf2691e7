"""`python -m generator crosscheck`: the spec against the installed official SDK.

The real spec must have every difference accounted for (adopted, so gone, or decided in
spec/sdk-decisions.yaml with an errata entry); a copy with one planted difference must be
reported with its file:line. The SDK is the real huaweicloudsdkmetastudio; the CLI runs in a
subprocess with HOME pointed at a temporary folder (importing the SDK writes into $HOME).
"""

# The SDK's docstrings are Chinese text with full-width punctuation; the tests quote them.
# ruff: noqa: RUF001

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.crosscheck.decisions import Decisions, DecisionsError
from generator.crosscheck.docstrings import facts_of
from generator.spec import SpecDoc

pytestmark = pytest.mark.slow  # walks the official SDK's models

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec" / "metastudio.yaml"
LINE = re.compile(r"^(?P<file>\S+):(?P<line>\d+): (?P<kind>[\w-]+): (?P<wire>\S+): (?P<rest>.*)$")


def run(tmp_path: Path, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    return subprocess.run(
        [sys.executable, "-m", "generator", "crosscheck", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def planted(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """A copy of spec/ (spec, errata, decisions) with `edits` applied to the spec."""
    folder = tmp_path / "spec"
    shutil.copytree(REPO / "spec", folder)
    target = folder / "metastudio.yaml"
    text = target.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, f"edit target not unique: {old!r}"
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return target


def line_of(path: Path, marker: str, after: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == after)
    return next(i for i, line in enumerate(lines[start:], start + 1) if line.strip() == marker)


def test_every_difference_with_the_sdk_is_accounted_for(tmp_path: Path) -> None:
    result = run(tmp_path, "--all")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    summary = lines[-1]
    found = re.search(
        r"crosscheck: (\d+) differences .*, (\d+) not accounted for, (\d+) stale", summary
    )
    assert found, summary
    total, open_, stale = map(int, found.groups())
    assert total > 0 and open_ == 0 and stale == 0, summary
    assert len(lines) == total + 1
    for line in lines[:-1]:
        match = LINE.match(line)
        assert match, line
        assert match["file"] == "spec/metastudio.yaml"
        assert " -> errata E" in line  # each one names its decision
    # the known deliberate deviations are among them, at the node they are about
    doc = SpecDoc(SPEC)
    state_enum = doc.line_of("/components/schemas/VideoJobState/enum")
    assert any(
        line.startswith(f"spec/metastudio.yaml:{state_enum}: enum-extra: show_video_job.")
        and "[SUCCESS]" in line
        for line in lines
    ), "E01 (SUCCESS) is not reported"


def test_a_planted_enum_removal_and_type_change_are_reported_with_file_and_line(
    tmp_path: Path,
) -> None:
    spec = planted(
        tmp_path,
        ("      enum: [H264, VP8, QTRLE]\n", "      enum: [H264, VP8]\n"),
        (
            "        bitrate:\n          type: integer\n",
            "        bitrate:\n          type: string\n",
        ),
    )
    result = run(
        tmp_path, "--spec", str(spec), "--decisions", str(spec.with_name("sdk-decisions.yaml"))
    )
    assert result.returncode == 1, result.stdout + result.stderr
    reported = [LINE.match(line) for line in result.stdout.splitlines()[:-1]]
    assert all(reported), result.stdout
    got = {
        (m["file"], int(m["line"]), m["kind"], m["wire"], m["rest"].split(" (")[0])
        for m in reported
        if m
    }
    enum_line = line_of(spec, "enum: [H264, VP8]", "Codec:")
    bitrate_line = line_of(spec, "bitrate:", "VideoConfig:")
    assert got == {
        (
            str(spec),
            enum_line,
            "enum-missing",
            "show_video_job.response.video_config.codec",
            "spec lacks [QTRLE], SDK has 1",
        ),
        (
            str(spec),
            bitrate_line,
            "type",
            "show_video_job.response.video_config.bitrate",
            "spec string, SDK integer",
        ),
    }, result.stdout
    assert "2 not accounted for, 0 stale decisions" in result.stdout.splitlines()[-1]


def test_a_decision_that_no_longer_matches_is_stale(tmp_path: Path) -> None:
    """Adopting a value the decisions file still lists as kept makes that entry stale."""
    spec = planted(
        tmp_path,
        ("      enum: [create_time]\n", "      enum: [create_time, update_time, asset_order]\n"),
        (
            "        - Sort by creation time.\n",
            "        - Sort by creation time.\n        - Update time.\n        - Asset order.\n",
        ),
    )
    result = run(
        tmp_path, "--spec", str(spec), "--decisions", str(spec.with_name("sdk-decisions.yaml"))
    )
    assert result.returncode == 1
    stale = [line for line in result.stdout.splitlines() if ": stale: " in line]
    assert len(stale) == 1 and "list_video_jobs.query.sort_key" in stale[0], result.stdout
    assert stale[0].startswith(f"{spec.with_name('sdk-decisions.yaml')}:")


def test_decisions_must_name_an_errata_entry(tmp_path: Path) -> None:
    path = tmp_path / "decisions.yaml"
    path.write_text("- kind: type\n  wire: a.b\n  spec: x\n  sdk: y\n  errata: E99\n")
    with pytest.raises(DecisionsError, match=r"decisions.yaml:1: errata E99 is not an entry"):
        Decisions.load(path, {"E01"})


@pytest.mark.parametrize(
    ("doc", "kind", "expected"),
    [
        (
            "命令类型： * UPDATE_VIDEO: 更新视频 * UPLOAD_VIDEO：上传视频",
            "string",
            ["UPDATE_VIDEO", "UPLOAD_VIDEO"],
        ),
        (
            "* WAIT_ASSET_SYNC: 等待资产同步 * WAIT_GENERATE_ACTION_MARK 等待动作标定",
            "string",
            ["WAIT_ASSET_SYNC", "WAIT_GENERATE_ACTION_MARK"],
        ),
        (
            "排序字段： - 按创建时间排序：create_time - 按更新时间排序：update_time",
            "string",
            ["create_time", "update_time"],
        ),
        ("* clip_mode=RESIZE时，当前支持1920x1080 > * V3和V2版本已废弃不用", "string", None),
    ],
)
def test_value_sets_read_from_docstrings(doc: str, kind: str, expected: list[str] | None) -> None:
    assert facts_of(doc, kind).values == expected


def test_ranges_and_lengths_read_from_docstrings() -> None:
    size = facts_of(
        "字体大小。接口的取值范围为0-120，实际业务使用的取值范围要求为24-120。", "integer"
    )
    assert (size.minimum, size.maximum) == (0, 120)
    opacity = facts_of("**取值范围**： 0-1", "number")
    assert (opacity.minimum, opacity.maximum) == (0, 1)
    text = facts_of("**取值范围**： 字符长度1-256位。", "string")
    assert (text.min_length, text.max_length) == (1, 256)
    assert facts_of("**取值范围**： 字符长度0-64位", "string").min_length is None
    assert facts_of("**取值范围**： 字符长度1-256位。", "integer").minimum is None
