"""Stateful mock MetaStudio server built from `spec/metastudio.yaml` (`metastudio-mock`).

Modules: `config` (credentials, defaults), `limits` (every limit, once), `model` (everything
read from the spec once at start-up), `lifecycle` (the spec's `x-lifecycle` as a state
machine), `validation` (request validators compiled from the spec), `auth` (X-Auth-Token and
SDK-HMAC-SHA256), `store/` (SQLite state: `db` file and clock, `training`, `videos`,
`uploads`), `seed` (example and generated jobs, written through the store), `handlers/` (one
handler per spec operationId), `control` (the /_mock/ API), `context` (what handlers share),
`app` (the Starlette app), `protocol` (uvicorn's HTTP protocol with connection limits), `cli`
(the console script), `serve` (the app on uvicorn in a thread or a process).
"""

from __future__ import annotations

__all__: list[str] = []
