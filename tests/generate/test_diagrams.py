"""The lifecycle SVGs of generated/docs, drawn by Graphviz from `x-lifecycle` (real `dot`).

- the committed pictures are what the spec draws today, and drawing twice gives the same bytes;
- every state of the enum is in the picture, filled by its kind; every transition is an edge
  labelled with its trigger; the legend names every kind;
- a changed lifecycle changes the picture, and `x-lifecycle.unreachable` (when the spec has it)
  is drawn dashed, beside or inside the lifecycle: the drawing works with or without the key.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.generate import diagrams
from generator.generate.specinfo import TemplateFacts
from generator.generate.tree import ERRATA, OUT, SPEC
from generator.spec import SpecDoc
from generator.specmodel import Lifecycle, build

INFO = TemplateFacts(build(SpecDoc(SPEC, ERRATA)))
SPEC_NAME = "spec/metastudio.yaml"


def _texts(svg: str) -> list[str]:
    return [
        text.replace("&#45;", "-").replace("&amp;", "&")
        for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    ]


def _node_fills(svg: str) -> dict[str, str]:
    """state -> fill colour of its node (nodes of the lifecycle proper)."""
    found = {}
    for title, body in re.findall(
        r'<g id="[^"]*" class="node">\s*<title>([^<]*)</title>(.*?)</g>', svg, re.DOTALL
    ):
        fill = re.search(r'fill="(#[0-9a-f]{6})"', body)
        if fill:
            found[title] = fill.group(1)
    return found


def _changed_info(tmp_path: Path, change: dict[str, Any]) -> TemplateFacts:
    """TemplateFacts of a copy of the spec whose TrainingJobState lifecycle has `change` applied
    (a None value removes the key)."""
    data = json.loads(json.dumps(INFO.data))
    life = data["components"]["schemas"]["TrainingJobState"]["x-lifecycle"]
    for key, value in change.items():
        if value is None:
            life.pop(key, None)
        else:
            life[key] = value
    tmp_path.mkdir(parents=True, exist_ok=True)
    copy = tmp_path / "metastudio.yaml"
    copy.write_text(json.dumps(data), encoding="utf-8")
    return TemplateFacts(build(SpecDoc(copy, ERRATA)))


def _training(info: TemplateFacts) -> Lifecycle:
    return next(life for life in info.lifecycles if life.name == "TrainingJobState")


def test_committed_pictures_are_the_spec_drawn_twice_the_same(tmp_path: Path) -> None:
    first = diagrams.render(INFO.lifecycles, SPEC_NAME, tmp_path / "a")
    second = diagrams.render(INFO.lifecycles, SPEC_NAME, tmp_path / "b")
    assert [p.name for p in first] == [diagrams.file_name(life) for life in INFO.lifecycles]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        assert a.read_bytes() == (OUT / "docs" / a.name).read_bytes()
        assert b"graphviz version" not in a.read_bytes()
    page = (OUT / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    for life in INFO.lifecycles:
        assert f"({diagrams.file_name(life)})" in page


def test_every_state_kind_transition_and_legend_is_drawn() -> None:
    for life in INFO.lifecycles:
        svg = (OUT / "docs" / diagrams.file_name(life)).read_text(encoding="utf-8")
        texts = _texts(svg)
        assert set(life.states) <= set(texts), life.name
        for transition in life.transitions:
            assert transition.label in texts, (life.name, transition.label)
        for _, legend in diagrams.KINDS.values():
            assert legend in texts
        fills = _node_fills(svg)
        for state, fill in fills.items():
            if state in {"start", "legend", "apart"}:
                continue
            assert fill == diagrams.KINDS[diagrams.state_kind(life, state)][0], state
        assert fills[life.initial] == diagrams.KINDS["initial"][0]
    training = _training(INFO)
    assert diagrams.state_kind(training, "TRAINING") == "progress"
    assert diagrams.state_kind(training, "TRAIN_FAILED") == "failed"  # listed under failed
    assert diagrams.state_kind(training, "JOB_REJECT") == "failed"
    assert diagrams.state_kind(training, "WAIT_COMPILE") == "progress"  # apart, not failed
    assert diagrams.state_kind(training, "JOB_SUCCESS") == "final"


def test_a_changed_lifecycle_changes_the_picture(tmp_path: Path) -> None:
    transitions = [
        *INFO.data["components"]["schemas"]["TrainingJobState"]["x-lifecycle"]["transitions"]
    ]
    transitions.append(
        {"from": ["WAIT_FILE_UPLOAD"], "trigger": "system", "after": 9, "to": "COMPILING"}
    )
    info = _changed_info(tmp_path, {"transitions": transitions})
    source = diagrams.dot_source(_training(info), SPEC_NAME)
    assert '"WAIT_FILE_UPLOAD" -> "COMPILING" [label="system after 9 s"' in source
    assert "COMPILING" not in diagrams.dot_source(_training(INFO), SPEC_NAME).split('"apart"')[0]


def test_unreachable_states_are_drawn_dashed_with_or_without_the_key(tmp_path: Path) -> None:
    without = _training(_changed_info(tmp_path / "without", {"unreachable": None}))
    assert without.unreachable == ()
    plain = diagrams.dot_source(without, SPEC_NAME)
    # WAIT_USER_CONFIRM has transitions (drawn in the lifecycle), JOB_FINISH has none (apart).
    info = _changed_info(tmp_path / "with", {"unreachable": ["WAIT_USER_CONFIRM", "JOB_FINISH"]})
    life = _training(info)
    assert life.unreachable == ("WAIT_USER_CONFIRM", "JOB_FINISH")
    source = diagrams.dot_source(life, SPEC_NAME)
    assert re.search(r'"WAIT_USER_CONFIRM" \[[^\]]*style="rounded,filled,dashed"', source)
    assert re.search(r'STYLE="dashed">(<TABLE[^>]*><TR><TD>)?JOB_FINISH<', source)
    assert "(2 listed in x-lifecycle.unreachable)" not in source  # one of them is not apart
    assert "(1 listed in x-lifecycle.unreachable)" in source
    assert "x-lifecycle.unreachable" not in plain
    assert 'STYLE="dashed"' not in plain and "filled,dashed" not in plain
    assert "JOB_FINISH" in plain.split('"apart"')[1]  # apart, drawn as usual
    svg = diagrams.render_svg({"t.svg": source})["t.svg"]
    assert "JOB_FINISH" in _texts(svg) and "stroke-dasharray" in svg


def test_pictures_do_not_depend_on_the_machines_fonts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No fonts at all (fontconfig finds no configuration): the same bytes, because `dot` runs
    without a text-layout plugin and sizes labels with its built-in metrics."""
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "missing-fonts.conf"))
    for path in diagrams.render(INFO.lifecycles, SPEC_NAME, tmp_path / "docs"):
        assert path.read_bytes() == (OUT / "docs" / path.name).read_bytes()
