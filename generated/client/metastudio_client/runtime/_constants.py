"""Every default and environment variable name of the client, once (openai-python style).

Copied verbatim into the generated client with the rest of ``runtime``; the mock, the contract
tests and ``make bench`` import these names from here instead of spelling them again.
"""

from __future__ import annotations

# Environment variables. The HUAWEICLOUD_SDK_* names are the official SDK's own
# (huaweicloudsdkcore/auth/provider.py, region/provider.py), so a process configured for the
# SDK works unchanged.
ENV_ENDPOINT = "METASTUDIO_ENDPOINT"
ENV_REGION = "METASTUDIO_REGION"
ENV_LOG = "METASTUDIO_LOG"
ENV_AK = "HUAWEICLOUD_SDK_AK"
ENV_SK = "HUAWEICLOUD_SDK_SK"
ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"
ENV_SECURITY_TOKEN = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
ENV_TOKEN = "METASTUDIO_AUTH_TOKEN"
# The SDK's profile file: this variable moves it; else $HOME/.huaweicloud/credentials.
ENV_CREDENTIALS_FILE = "HUAWEICLOUD_SDK_CREDENTIALS_FILE"
ENV_HOME = "HOME"
CREDENTIALS_FILE_DIR = ".huaweicloud"
CREDENTIALS_FILE_NAME = "credentials"
CREDENTIALS_SECTION = "basic"
# The SDK's per-region endpoint override (EnvRegionProvider): HUAWEICLOUD_SDK_REGION_
# METASTUDIO_CN_NORTH_4=https://host[,https://other]; the first endpoint is used.
ENV_REGION_ENDPOINT_PREFIX = "HUAWEICLOUD_SDK_REGION_"
SDK_SERVICE_NAME = "METASTUDIO"

# Headers the auth sets.
HEADER_SECURITY_TOKEN = "X-Security-Token"
HEADER_AUTH_TOKEN = "X-Auth-Token"
HEADER_PROJECT_ID = "X-Project-Id"
HEADER_REQUEST_ID = "X-Request-Id"

# Timeouts in seconds: every request has a finite bound.
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0
DEFAULT_WRITE_TIMEOUT = 30.0
DEFAULT_POOL_TIMEOUT = 5.0
# Total time of one call, all attempts, pauses and the whole body included (per-call
# `timeout=` overrides it); a server trickling bytes cannot hold a call longer.
DEFAULT_CALL_TIMEOUT = 120.0

# Retries: exponential backoff with full jitter, Retry-After honoured up to a cap.
DEFAULT_MAX_RETRIES = 2
DEFAULT_BACKOFF_BASE = 0.5
DEFAULT_BACKOFF_CAP = 8.0
DEFAULT_MAX_RETRY_AFTER = 30.0

# Answer sizes, in decoded bytes (runtime/bodies.py): a 2xx body past the limit ends the call
# in APIResponseTooLargeError (ClientConfig.max_response_bytes changes it); any other body is
# read up to an excerpt, enough for an error message. 8 MiB is eight times the mock's cap on
# one training job document (generator/mock/limits.py).
DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024
ERROR_BODY_EXCERPT_BYTES = 64 * 1024

# The logger of the client (METASTUDIO_LOG=debug|info turns a stderr handler on).
LOGGER_NAME = "metastudio_client"
