"""A client library for accessing Huawei Cloud MetaStudio - virtual avatar training and video jobs"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
