"""The first two list calls answer 503, then it recovers: the client's retries at work.

Run it against the mock (`make mock` in another terminal, then the exports of the README's
quick start): `.venv/bin/python examples/retry_on_fault.py`. docs/faults.md does the same
with curl.

A fault rule of the mock's control API (not MetaStudio's) makes the next two
`list_video_jobs` calls answer 503. A GET is safe to repeat, so the client retries it after
the answer's Retry-After (one INFO log line per retry) and the third attempt answers.
"""

from __future__ import annotations

import logging

import httpx
from metastudio_client import MetaStudio

logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")  # shows the retries

with MetaStudio() as ms:
    faults = f"{ms.config.endpoint}/_mock/faults"
    rule = {"operation": "list_video_jobs", "times": 2, "status": 503}
    added = httpx.post(faults, json=rule, timeout=10)
    added.raise_for_status()
    rule_id = added.json()["id"]
    print(f"fault rule {rule_id}: the next 2 list calls answer 503")

    page = ms.list_video_jobs(limit=5)  # two 503s, retried; then the list
    print(f"listed {len(page.jobs or [])} of {page.count} video jobs")

    seen = httpx.get(f"{faults}/{rule_id}", timeout=10).json()
    print(f"the mock saw {seen['seen']} list calls; {seen['hits']} answered 503")
    httpx.delete(f"{faults}/{rule_id}", timeout=10).raise_for_status()
