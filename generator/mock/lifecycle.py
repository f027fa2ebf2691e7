"""The mock's lifecycle engine: the spec's `x-lifecycle` as a small, pure state machine.

The types and their parsing live once, in `generator.specmodel` (lint checks the same data the
mock runs, the docs draw it): `Lifecycle`, `Transition`, `Query`, the trigger names. They are
re-exported here for the mock's modules.

Nothing here names a state. Time is a float of seconds on the mock's clock; a step of `after`
nominal seconds takes `after / speed` seconds. `Lifecycle.due_steps` is what "lazy evaluation"
means: when a job is read or commanded, every system step whose time has come is applied, each
stamped with the moment it became due, so the result does not depend on when (or how often)
anybody looked.
"""

from __future__ import annotations

from generator.specmodel import (
    ANY_NON_FINAL,
    GUARDS,
    SYSTEM,
    SYSTEM_FAILURE,
    Lifecycle,
    LifecycleError,
    Query,
    Transition,
)

__all__ = [
    "ANY_NON_FINAL",
    "GUARDS",
    "SYSTEM",
    "SYSTEM_FAILURE",
    "Lifecycle",
    "LifecycleError",
    "Query",
    "Transition",
]
