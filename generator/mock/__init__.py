"""Stateful mock MetaStudio server built from `spec/metastudio.yaml` (`metastudio-mock`).

Modules: `config` (credentials, defaults), `model` (everything read from the spec once at
start-up), `lifecycle` (the spec's `x-lifecycle` as a state machine), `validation` (request
validators compiled from the spec), `auth` (X-Auth-Token and SDK-HMAC-SHA256), `store` (SQLite
state), `seed` (example and generated jobs), `app` (the Starlette app), `cli` (the console
script), `serve` (the app on uvicorn in a thread, for tests and the contract suite).
"""

from __future__ import annotations

__all__: list[str] = []
