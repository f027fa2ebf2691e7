"""Config errors name what is actually missing and where each value came from (issue 24):
argument, environment variable or credentials file; a 401 says it too, so a wrong project id
points at the variable or file that holds it."""

from __future__ import annotations

import asyncio
import traceback
from pathlib import Path

import pytest
from metastudio_client import AsyncMetaStudio, AuthenticationError, MetaStudio
from mockserver import MockServer

from generator.runtime._constants import (
    ENV_AK,
    ENV_CREDENTIALS_FILE,
    ENV_ENDPOINT,
    ENV_PROJECT_ID,
    ENV_REGION,
    ENV_SK,
    ENV_TOKEN,
)
from generator.runtime.config import ClientConfig, ConfigError, from_env
from generator.runtime.regions import ServerTemplate, region_endpoint_variable

SERVER = ServerTemplate(
    url="https://metastudio.{region}.example.com", variable="region", known=("cn-north-4",)
)
NO_FILE = {ENV_CREDENTIALS_FILE: "/nonexistent/credentials"}
WRONG_PROJECT = "ffffffffffffffffffffffffffffffff"


def test_with_the_endpoint_set_the_error_does_not_ask_for_it() -> None:
    with pytest.raises(ConfigError) as caught:
        from_env({**NO_FILE, ENV_ENDPOINT: "http://127.0.0.1:9"})
    message = str(caught.value)
    assert ENV_ENDPOINT not in caught.value.missing
    assert f"Set {ENV_ENDPOINT}" not in message
    assert f"Set either {ENV_AK}, {ENV_SK} and {ENV_PROJECT_ID}" in message
    assert f"Found: endpoint http://127.0.0.1:9 (from {ENV_ENDPOINT})" in message


def test_without_anything_the_error_asks_for_the_endpoint_first() -> None:
    with pytest.raises(ConfigError) as caught:
        from_env(NO_FILE, server=SERVER)
    message = str(caught.value)
    assert f"Set {ENV_ENDPOINT}, then either" in message
    assert "Found:" not in message
    assert f"{ENV_REGION} or region= (cn-north-4)" in message


def test_what_was_found_is_named_with_its_source(tmp_path: Path) -> None:
    creds = tmp_path / "credentials"
    creds.write_text("[basic]\nak = FILEAK\nsk = FILESK\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        from_env({ENV_CREDENTIALS_FILE: str(creds)}, server=SERVER)
    message = str(caught.value)
    assert caught.value.missing == (ENV_ENDPOINT, ENV_PROJECT_ID)
    assert f"Found: AK FILEAK (from credentials file {creds})." in message
    with pytest.raises(ConfigError) as token:
        from_env({**NO_FILE, ENV_TOKEN: "t"}, region="cn-north-4", server=SERVER)
    assert token.value.missing == (ENV_PROJECT_ID,)
    assert (
        "Found: endpoint https://metastudio.cn-north-4.example.com (from argument "
        f"region='cn-north-4'), token (from {ENV_TOKEN})."
    ) in str(token.value)


def test_the_config_keeps_where_each_value_came_from(tmp_path: Path) -> None:
    env = {**NO_FILE, ENV_ENDPOINT: "http://e", ENV_AK: "ENVAK", ENV_SK: "s", ENV_PROJECT_ID: "p"}
    config = from_env(env)
    assert (config.origin("endpoint"), config.origin("ak"), config.origin("project_id")) == (
        ENV_ENDPOINT,
        ENV_AK,
        ENV_PROJECT_ID,
    )
    assert from_env(env, project_id="q").origin("project_id") == "argument"
    assert from_env(env, ak="A", sk="S").origin("ak") == "argument"
    creds = tmp_path / "credentials"
    creds.write_text("[basic]\nak = FILEAK\nsk = FILESK\nproject_id = fp\n", encoding="utf-8")
    filed = from_env({ENV_CREDENTIALS_FILE: str(creds), ENV_REGION: "cn-north-4"}, server=SERVER)
    assert filed.origin("ak") == filed.origin("project_id") == f"credentials file {creds}"
    assert filed.origin("endpoint") == f"{ENV_REGION}=cn-north-4"
    moved = region_endpoint_variable("cn-north-4")
    overridden = from_env(
        {ENV_CREDENTIALS_FILE: str(creds), ENV_REGION: "cn-north-4", moved: "https://o"},
        server=SERVER,
    )
    assert overridden.endpoint == "https://o"
    assert overridden.origin("endpoint") == f"{moved} (region cn-north-4)"
    token = from_env({**NO_FILE, ENV_ENDPOINT: "http://e", ENV_TOKEN: "t", ENV_PROJECT_ID: "p"})
    assert token.origin("auth_token") == ENV_TOKEN
    assert "with token (from METASTUDIO_AUTH_TOKEN)" in token.describe()
    # a changed field comes from an argument now; the others keep their origin
    changed = config.replace(project_id="other")
    assert (changed.origin("project_id"), changed.origin("ak")) == ("argument", ENV_AK)
    direct = ClientConfig(endpoint="http://e", project_id="p", ak="a", sk="s")
    assert direct.origin("endpoint") == "argument"


def _wrong_project_env(mock_server: MockServer) -> dict[str, str]:
    return {
        **NO_FILE,
        ENV_ENDPOINT: mock_server.base_url,
        ENV_AK: mock_server.ak,
        ENV_SK: mock_server.sk,
        ENV_PROJECT_ID: WRONG_PROJECT,
    }


def test_a_401_says_where_the_wrong_project_id_came_from(mock_server: MockServer) -> None:
    with MetaStudio.from_env(_wrong_project_env(mock_server)) as ms:
        with pytest.raises(AuthenticationError) as caught:
            ms.list_video_jobs()
        error = caught.value
    assert error.status_code == 401
    assert str(error).startswith("401 MSS.00000001")  # the service's message, unchanged
    shown = "".join(traceback.format_exception(error))
    assert f"sent as project {WRONG_PROJECT} (from {ENV_PROJECT_ID})" in shown
    assert f"with AK {mock_server.ak} (from {ENV_AK})" in shown
    assert f"to {mock_server.base_url} (from {ENV_ENDPOINT})" in shown
    assert mock_server.sk not in shown


def test_an_async_401_says_it_too(mock_server: MockServer) -> None:
    async def run() -> AuthenticationError:
        async with AsyncMetaStudio.from_env(_wrong_project_env(mock_server)) as ms:
            try:
                await ms.list_video_jobs()
            except AuthenticationError as error:
                return error
        raise AssertionError("no 401")

    error = asyncio.run(run())
    assert error.__notes__ == [
        f"sent as project {WRONG_PROJECT} (from {ENV_PROJECT_ID}) with AK {mock_server.ak} "
        f"(from {ENV_AK}) to {mock_server.base_url} (from {ENV_ENDPOINT})"
    ]
