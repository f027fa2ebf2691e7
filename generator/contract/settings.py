"""The one schemathesis configuration of the contract suite, for pytest and for `make fuzz`.

Everything is on: all checks, positive and negative generation, the examples, coverage,
fuzzing and stateful phases. What differs between the pytest suite and `make fuzz` is only
size (`max_examples`, stateful steps) and, against a real service, which operations run and
how fast. The configuration is built as the same dictionary a `schemathesis.toml` holds, so
`toml()` can show it and the CLI reads exactly what the tests use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.spec import SPEC_PATH
from generator.specmodel import load

if TYPE_CHECKING:
    from schemathesis.config import SchemathesisConfig
    from schemathesis.specs.openapi.schemas import OpenApiSchema

__all__ = [
    "DEFAULT_SEED",
    "POSITIVE_DATA_ACCEPTANCE",
    "READ_ONLY_METHODS",
    "SPEC_PATH",
    "ContractSettings",
    "job_paths",
    "lifecycle_writes",
    "load_schema",
    "operation_ids",
    "read_only_operation_ids",
    "report_paths",
]

DEFAULT_SEED = 20240704
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# schemathesis' default for positive_data_acceptance (config/_checks.py in 4.32).
POSITIVE_DATA_ACCEPTANCE = ("2xx", "3xx", "401", "403", "404", "409", "429", "5xx")

# Hypothesis health checks that only say "this API is slow or the schema is big"; the
# findings we care about are schemathesis' checks, not generation speed on 2 cores.
SUPPRESSED_HEALTH_CHECKS = ("too_slow", "filter_too_much", "data_too_large")


@dataclass(frozen=True, slots=True)
class ContractSettings:
    """Size and scope of one contract run."""

    project_id: str
    seed: int = DEFAULT_SEED
    max_examples: int = 10
    stateful_max_steps: int = 6
    modes: str = "all"  # positive, negative or all
    deterministic: bool = True  # derandomized: the same cases on every run (seed unused)
    phases: Sequence[str] = ("examples", "coverage", "fuzzing", "stateful")
    base_url: str | None = None
    read_only: bool = False
    rate_limit: str | None = None  # e.g. "5/s"
    request_timeout: float = 10.0
    # Coverage-phase probes with methods the path does not declare (405 expected). Against a
    # real service only harmless ones: a DELETE the spec does not know may still exist there.
    unexpected_methods: Sequence[str] | None = None
    continue_on_failure: bool = False
    # Ids known to exist, by kind ("training", "video"): generation draws job_id from them
    # half of the time, so more requests get past 404 and the spec's links have data.
    job_ids: Mapping[str, Sequence[str]] = field(default_factory=dict)
    report_dir: Path | None = None
    # report format -> file name inside report_dir
    reports: Mapping[str, str] = field(
        default_factory=lambda: {"junit": "junit.xml", "har": "requests.har"}
    )
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The configuration as a schemathesis.toml would spell it."""
        phases: dict[str, dict[str, Any]] = {
            name: {"enabled": name in self.phases}
            for name in ("examples", "coverage", "fuzzing", "stateful")
        }
        phases["stateful"]["max-steps"] = self.stateful_max_steps
        if self.unexpected_methods is not None:
            phases["coverage"]["unexpected-methods"] = [m.upper() for m in self.unexpected_methods]
        data: dict[str, Any] = {
            "seed": self.seed,
            "suppress-health-check": list(SUPPRESSED_HEALTH_CHECKS),
            "request-timeout": self.request_timeout,
            # The credentials belong to one project: every path uses it (X-Project-Id must
            # match it too; the auth providers set that header).
            "parameters": {"path.project_id": self.project_id},
            "generation": {
                "mode": self.modes,
                "max-examples": self.max_examples,
                "deterministic": self.deterministic,
                "database": "none",
            },
            "checks": {"enabled": True},
            # No state kept between runs (schemathesis replays requests it cached in
            # .schemathesis/ before probing): a run depends on its seed and the API only.
            "cache": {"enabled": False},
            "phases": phases,
            "operations": [
                {
                    # Refusals by the job's lifecycle are the spec's documented 400; the
                    # custom check `lifecycle_refusal_is_justified` verifies each one.
                    "include-operation-id": list(lifecycle_writes()),
                    "checks": {
                        "positive_data_acceptance": {
                            "expected-statuses": [*POSITIVE_DATA_ACCEPTANCE, "400"]
                        }
                    },
                }
            ],
        }
        if self.base_url is not None:
            data["base-url"] = self.base_url
        for kind, ids in sorted(self.job_ids.items()):
            if not ids:
                continue
            name = f"{kind}_job_ids"
            data.setdefault("dictionaries", {})[name] = {"values": list(ids)}
            data["operations"].append(
                {
                    "include-path-regex": job_paths()[kind],
                    "parameters": {"path.job_id": {"dictionary": name, "probability": 0.5}},
                }
            )
        if self.rate_limit is not None:
            data["rate-limit"] = self.rate_limit
        if self.read_only:
            data["operations"].append({"include-method": sorted(_WRITE_METHODS), "enabled": False})
        if self.continue_on_failure:
            data["continue-on-failure"] = True
        if self.report_dir is not None:
            data["reports"] = {"directory": str(self.report_dir)}
            for fmt, name in self.reports.items():
                data["reports"][fmt] = {"path": str(self.report_dir / name)}
        data.update(self.extra)
        return data

    def config(self) -> SchemathesisConfig:
        from schemathesis.config import SchemathesisConfig

        return SchemathesisConfig.from_dict(self.as_dict())

    def toml(self) -> str:
        """The same configuration as TOML text (for humans and `schemathesis run --config-file`)."""
        return _to_toml(self.as_dict())


_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@cache
def job_paths(spec_path: Path = SPEC_PATH) -> dict[str, str]:
    """Job kind -> the part of the path of its lifecycle's reader between the project and the
    job id (`/2d-digital-human-videos/`): the regex that picks every operation on one job of
    that kind. The kind is the lifecycle enum's name without `JobState` (`video`)."""
    model = load(spec_path)
    found: dict[str, str] = {}
    for life in model.lifecycles.values():
        reader = model.reader_of(life)
        if reader is not None:
            head = model.operations[reader].path.split("{job_id}", 1)[0]
            found[life.name.removesuffix("JobState").lower()] = "/" + head.split("}/", 1)[-1]
    return found


def load_schema(settings: ContractSettings, spec_path: Path = SPEC_PATH) -> OpenApiSchema:
    """Our spec (never a server's /openapi.json) with the contract configuration applied."""
    import schemathesis

    config = settings.config()
    schema = schemathesis.openapi.from_path(spec_path, config=config)
    if settings.read_only:
        narrowed = schema.include(method=sorted(READ_ONLY_METHODS))
        assert isinstance(narrowed, type(schema))
        return narrowed
    return schema


def report_paths(settings: ContractSettings) -> dict[str, Path]:
    if settings.report_dir is None:
        return {}
    return {fmt: settings.report_dir / name for fmt, name in settings.reports.items()}


@cache
def lifecycle_writes(spec_path: Path = SPEC_PATH) -> tuple[str, ...]:
    """Operations whose success depends on the job's state (sorted): the spec's own answer
    (specmodel: a trigger of an x-lifecycle, or sending a command that is one)."""
    return load(spec_path).lifecycle_writes()


def operation_ids(spec_path: Path = SPEC_PATH) -> list[tuple[str, str, str]]:
    """(operationId, METHOD, path) of every operation of the spec, in document order."""
    return [
        (op.operation_id, op.http_method, op.path) for op in load(spec_path).operations.values()
    ]


def read_only_operation_ids(spec_path: Path = SPEC_PATH) -> list[str]:
    return [op for op, method, _ in operation_ids(spec_path) if method in READ_ONLY_METHODS]


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML spelling for {type(value).__name__}")


def _to_toml(data: dict[str, Any], prefix: str = "") -> str:
    lines: list[str] = []
    tables: list[tuple[str, dict[str, Any]]] = []
    arrays: list[tuple[str, list[dict[str, Any]]]] = []
    for key, value in data.items():
        name = f'"{key}"' if "." in key else key
        if isinstance(value, dict):
            tables.append((f"{prefix}{name}", value))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            arrays.append((f"{prefix}{name}", value))
        else:
            lines.append(f"{name} = {_toml_value(value)}")
    for table, content in tables:
        lines.append(f"\n[{table}]")
        lines.append(_to_toml(content, f"{table}.").strip("\n"))
    for table, items in arrays:
        for item in items:
            lines.append(f"\n[[{table}]]")
            lines.append(_to_toml(item, f"{table}.").strip("\n"))
    return "\n".join(line for line in lines if line) + "\n"
