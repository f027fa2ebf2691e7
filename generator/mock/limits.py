"""Every limit of the mock, once: the pages give no maxItems or sizes, so these are the mock's
own (README.md, "Mock server" -> "Limits", lists them). Each bounds what one request may cost
or what one stored item may grow to; a request past a limit is refused with 400 before any
work, a connection past one is closed. None is reached by a normal test run.
"""

from __future__ import annotations

import resource

__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "HEADER_TIMEOUT_SECONDS",
    "IDLE_TIMEOUT_SECONDS",
    "MAX_BODY_BYTES",
    "MAX_CLOCK_OFFSET_SECONDS",
    "MAX_COMMENT_LOGS",
    "MAX_CONNECTIONS",
    "MAX_FAULT_DELAY_MS",
    "MAX_FAULT_RULES",
    "MAX_HEADERS",
    "MAX_HEAD_BYTES",
    "MAX_JOB_DOCUMENT_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_LIST_ITEMS",
    "MAX_OPERATION_LOGS",
    "MAX_QUERY_FIELDS",
    "MAX_TRAINING_JOBS",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_URLS_PER_JOB",
    "MAX_VIDEO_JOBS",
    "RETRY_AFTER_SECONDS",
    "default_max_connections",
]

# --- one request
MAX_BODY_BYTES = 1024 * 1024  # an API request body (--max-body)
MAX_UPLOAD_BYTES = 64 * 1024 * 1024  # one PUT through an upload URL (--max-upload)
MAX_LIST_ITEMS = 100  # items of any one JSON array in a request body or query parameter
MAX_QUERY_FIELDS = 200  # key=value pairs in a query string
MAX_JSON_DEPTH = 32  # nesting of arrays and objects in a JSON body
MAX_HEAD_BYTES = 64 * 1024  # request line and headers together (431 past it)
MAX_HEADERS = 100  # header lines of one request (431 past it; Apache's LimitRequestFields)

# --- stored items
MAX_TRAINING_JOBS = 10_000  # per project, made through the control API
MAX_VIDEO_JOBS = 10_000  # per project, seeded ones included
MAX_COMMENT_LOGS = 100  # comment logs of one training job
MAX_OPERATION_LOGS = 500  # operation logs of one training job (one per transition)
MAX_UPLOAD_URLS_PER_JOB = 10_000  # upload URLs ever issued for one job
MAX_JOB_DOCUMENT_BYTES = 1024 * 1024  # one training job's JSON document
MAX_CLOCK_OFFSET_SECONDS = 100 * 366 * 86400  # what /_mock/clock/advance may add in total
MAX_FAULT_RULES = 1000  # fault rules in force (/_mock/faults, --faults)
MAX_FAULT_DELAY_MS = 600_000  # a fault's delay_ms and slow_body duration_ms: 10 minutes

# --- storage
BUSY_TIMEOUT_SECONDS = 5.0  # wait for another writer's lock, then 503
RETRY_AFTER_SECONDS = 1  # the Retry-After of every 503

# --- connections
HEADER_TIMEOUT_SECONDS = 30.0  # a request's head and body must arrive within this
IDLE_TIMEOUT_SECONDS = 60.0  # an idle keep-alive connection is closed after this
MAX_CONNECTIONS = 1000  # open connections; more are answered 503 and closed
_FD_RESERVE = 64  # descriptors kept for SQLite, the listening socket and logs


def default_max_connections() -> int:
    """MAX_CONNECTIONS, or fewer when the process may not open that many files."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(1, min(MAX_CONNECTIONS, soft - _FD_RESERVE))
