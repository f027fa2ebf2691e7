"""generator/runtime/config.py at its edges (found by `make mutate`), through the generated
client's copy (`metastudio_client.runtime`, what users run): its configuration: the default
timeouts and retry settings, the configuration object's immutability, credentials given both
ways and the exact message of a partial environment."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
import pytest
from metastudio_client.runtime import (
    ClientConfig,
    ConfigError,
    from_env,
)
from metastudio_client.runtime._constants import (
    ENV_AK,
    ENV_ENDPOINT,
    ENV_PROJECT_ID,
    ENV_SK,
)

AK, SK = "EDGEAK00000000000001", "edge-secret"


def test_defaults_are_the_documented_ones() -> None:
    config = ClientConfig(endpoint="http://127.0.0.1:9", project_id="p", ak=AK, sk=SK)
    timeouts = (config.connect_timeout, config.read_timeout, config.write_timeout)
    assert (*timeouts, config.pool_timeout) == (5.0, 30.0, 30.0, 5.0)
    retries = (config.max_retries, config.backoff_base, config.backoff_cap)
    assert (*retries, config.max_retry_after) == (2, 0.5, 8.0, 30.0)
    assert config.call_timeout == 120.0  # README: "`call_timeout` (120 s)"
    with config.build_httpx_client() as client:
        assert client.timeout == httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)


def test_config_is_an_immutable_hashable_value() -> None:
    config = ClientConfig(endpoint="http://127.0.0.1:9", project_id="p", ak=AK, sk=SK)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.ak = "other"  # type: ignore[misc]
    assert not hasattr(config, "__dict__")  # slots: no stray attributes
    with_headers = config.replace(headers={"X-Trace": "1"})
    assert hash(with_headers) == hash(config)  # headers take no part in the hash
    assert with_headers != config


@pytest.mark.parametrize(
    "name", ["connect_timeout", "read_timeout", "write_timeout", "pool_timeout", "call_timeout"]
)
def test_a_negative_timeout_is_refused(name: str) -> None:
    config = ClientConfig(endpoint="http://127.0.0.1:9", project_id="p", ak=AK, sk=SK)
    with pytest.raises(ConfigError, match=f"{name} must be > 0"):
        config.replace(**{name: -1.0})


@pytest.mark.parametrize("given", [{"ak": AK}, {"sk": SK}])
def test_half_a_key_pair_in_arguments_is_refused(given: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match=r"give both ak and sk \(or neither\)"):
        from_env({ENV_AK: AK, ENV_SK: SK}, endpoint="http://127.0.0.1:9", **given)


def test_a_region_needs_the_client_s_region_template() -> None:
    with pytest.raises(ConfigError, match="region 'cn-north-4' given, but this client knows no"):
        from_env({}, region="cn-north-4", ak=AK, sk=SK, project_id="p")


@pytest.mark.parametrize("endpoint", ["", "   "])
def test_a_blank_endpoint_is_refused(endpoint: str) -> None:
    with pytest.raises(ConfigError, match="endpoint must not be empty"):
        ClientConfig(endpoint=endpoint, project_id="p", ak=AK, sk=SK)


@pytest.mark.parametrize(("ak", "sk"), [(AK, None), (None, SK)])
def test_a_token_with_half_a_key_pair_is_refused(ak: str | None, sk: str | None) -> None:
    with pytest.raises(ConfigError, match="either ak/sk or auth_token, not both"):
        ClientConfig(endpoint="http://127.0.0.1:9", project_id="p", auth_token="t", ak=ak, sk=sk)


def test_partial_environment_names_what_aksk_still_needs() -> None:
    with pytest.raises(ConfigError) as caught:
        from_env({ENV_AK: AK})
    needs = f"{ENV_SK}, {ENV_PROJECT_ID}"
    assert str(caught.value).startswith(
        f"missing environment variables: {ENV_ENDPOINT}, {needs}; AK/SK signing needs {needs}."
    )
    with pytest.raises(ConfigError) as only_endpoint:
        from_env({ENV_AK: AK, ENV_SK: SK, ENV_PROJECT_ID: "p"})
    assert str(only_endpoint.value).startswith(f"missing environment variables: {ENV_ENDPOINT}.")
