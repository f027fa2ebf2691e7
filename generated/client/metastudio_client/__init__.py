"""A client library for accessing Huawei Cloud MetaStudio - virtual avatar training and video jobs"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

from .client import AuthenticatedClient, Client
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

try:
    __version__ = _version("metastudio-client")
except PackageNotFoundError:  # imported from a folder on sys.path, not installed
    __version__ = "2025.2.10"

__all__ = (
    "__version__",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncMetaStudio",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
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
