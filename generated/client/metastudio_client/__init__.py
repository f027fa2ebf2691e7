"""A client library for accessing Huawei Cloud MetaStudio - virtual avatar training and video jobs"""

from .facade import (
    TRAINING_JOB_FINAL_STATES,
    VIDEO_JOB_FINAL_STATES,
    AsyncMetaStudio,
    MetaStudio,
)
from .runtime.config import ClientConfig, ConfigError
from .runtime.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    MetaStudioError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from .runtime.pagination import PaginationError
from .runtime.waiters import WaiterTimeoutError

__all__ = (
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncMetaStudio",
    "AuthenticationError",
    "BadRequestError",
    "ClientConfig",
    "ConfigError",
    "InternalServerError",
    "MetaStudio",
    "MetaStudioError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "WaiterTimeoutError",
    "TRAINING_JOB_FINAL_STATES",
    "VIDEO_JOB_FINAL_STATES",
)
