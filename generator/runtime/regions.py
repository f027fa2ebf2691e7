"""Regions: ``region="cn-north-4"`` to an endpoint URL, from the spec's ``servers`` entry.

The URL template and the known regions are the spec's (the generated facade passes them in as a
``ServerTemplate``); nothing here names a region. As the official SDK's MetaStudioRegion does,
an endpoint set in ``HUAWEICLOUD_SDK_REGION_METASTUDIO_<REGION>`` (region id upper-cased, ``-``
as ``_``; comma-separated, the first one is used) wins over the template, for any region id.
An unknown region without such an override is a ``ConfigError`` that lists the known ones.

Copied verbatim into the generated client: imports only the standard library and siblings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ._constants import ENV_REGION_ENDPOINT_PREFIX, SDK_SERVICE_NAME
from .errors import ConfigError

__all__ = ["ServerTemplate", "region_endpoint_variable"]


def region_endpoint_variable(region: str, service: str = SDK_SERVICE_NAME) -> str:
    """The SDK's EnvRegionProvider variable for ``region``."""
    return f"{ENV_REGION_ENDPOINT_PREFIX}{service}_{region.replace('-', '_').upper()}"


@dataclass(frozen=True, slots=True)
class ServerTemplate:
    """A spec ``servers`` entry with one variable: ``url`` holds ``{variable}``."""

    url: str
    variable: str
    known: tuple[str, ...]
    default: str | None = None

    def endpoint(self, region: str, environ: Mapping[str, str] | None = None) -> str:
        """The endpoint of ``region``: the SDK's environment override, else the template."""
        region = region.strip()
        if not region:
            raise ConfigError("region must not be empty")
        if environ is not None:
            override = environ.get(region_endpoint_variable(region), "")
            first = override.split(",")[0].strip()
            if first:
                return first
        if self.known and region not in self.known:
            raise ConfigError(
                f"unknown region {region!r}; known regions: {', '.join(self.known)} "
                f"(or set {region_endpoint_variable(region)} to its endpoint)"
            )
        return self.url.replace("{" + self.variable + "}", region)
