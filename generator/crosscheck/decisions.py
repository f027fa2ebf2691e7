"""`spec/sdk-decisions.yaml`: the differences with the SDK that the spec keeps on purpose.

A difference the spec adopts disappears from the cross-check (the spec then says what the SDK
says, marked `x-source: sdk`). What remains must be decided here, one entry per difference:

    - kind: enum-extra                      # as the cross-check prints it
      wire: show_training_job.response.model_version
      spec: has [V2, V3]                    # the spec side, exactly as printed
      sdk: lacks them                       # the SDK side, exactly as printed
      errata: E24                           # the errata.yaml entry with the evidence

`wire` may be a list when one decision covers several places. Matching is exact on kind,
wire, spec and sdk text, so an SDK upgrade that changes a value set makes the entry stop
matching and the difference show up again. Entries that match nothing are stale and fail too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.spec import SpecLoadError, YamlDoc

from .compare import Difference

__all__ = ["Decision", "Decisions", "DecisionsError"]

_KEYS = {"kind", "wire", "spec", "sdk", "errata", "note"}


class DecisionsError(Exception):
    """The decisions file is malformed."""


@dataclass(frozen=True)
class Decision:
    kind: str
    wire: str
    spec: str
    sdk: str
    errata: str
    line: int

    @property
    def summary(self) -> str:
        return f"errata {self.errata}"


@dataclass
class Decisions:
    entries: list[Decision] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path, known_errata: Iterable[str] | None = None) -> Decisions:
        try:
            doc = YamlDoc(path)
        except SpecLoadError as exc:
            raise DecisionsError(str(exc)) from None
        if not isinstance(doc.data, list):
            raise DecisionsError(f"{path}:1: a list of decisions is expected")
        known = set(known_errata) if known_errata is not None else None
        entries: list[Decision] = []
        for i, raw in enumerate(doc.data):
            line = doc.line_of(f"/{i}")
            where = f"{path}:{line}"
            if not isinstance(raw, dict):
                raise DecisionsError(f"{where}: a decision is a mapping")
            unknown = set(raw) - _KEYS
            missing = {"kind", "wire", "spec", "sdk", "errata"} - set(raw)
            if unknown or missing:
                raise DecisionsError(
                    f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}"
                )
            errata = str(raw["errata"])
            if known is not None and errata not in known:
                raise DecisionsError(f"{where}: errata {errata} is not an entry of errata.yaml")
            wires = raw["wire"] if isinstance(raw["wire"], list) else [raw["wire"]]
            for wire in wires:
                entries.append(
                    Decision(
                        str(raw["kind"]),
                        str(wire),
                        str(raw["spec"]),
                        str(raw["sdk"]),
                        errata,
                        line,
                    )
                )
        return cls(entries)

    def find(self, d: Difference) -> Decision | None:
        for entry in self.entries:
            if (entry.kind, entry.wire, entry.spec, entry.sdk) == (d.kind, d.wire, d.spec, d.sdk):
                return entry
        return None

    def unused(self, differences: Iterable[Difference]) -> list[Decision]:
        used = {id(e) for d in differences if (e := self.find(d)) is not None}
        return [e for e in self.entries if id(e) not in used]
