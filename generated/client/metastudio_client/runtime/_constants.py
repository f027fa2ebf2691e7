"""Every default and environment variable name of the client, once (openai-python style).

Copied verbatim into the generated client with the rest of ``runtime``; the mock, the contract
tests and ``make bench`` import these names from here instead of spelling them again.
"""

from __future__ import annotations

# Environment variables. The HUAWEICLOUD_SDK_* names are the official SDK's own, so a
# process configured for the SDK works unchanged.
ENV_ENDPOINT = "METASTUDIO_ENDPOINT"
ENV_AK = "HUAWEICLOUD_SDK_AK"
ENV_SK = "HUAWEICLOUD_SDK_SK"
ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"
ENV_TOKEN = "METASTUDIO_AUTH_TOKEN"

# Timeouts in seconds: every request has a finite bound.
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0
DEFAULT_WRITE_TIMEOUT = 30.0
DEFAULT_POOL_TIMEOUT = 5.0

# Retries: exponential backoff with full jitter, Retry-After honoured up to a cap.
DEFAULT_MAX_RETRIES = 2
DEFAULT_BACKOFF_BASE = 0.5
DEFAULT_BACKOFF_CAP = 8.0
DEFAULT_MAX_RETRY_AFTER = 30.0
