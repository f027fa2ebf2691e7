"""Handling errors: what each failure raises and what it carries.

Run it against the mock (`make mock` in another terminal, then the exports of the README's
quick start): `.venv/bin/python examples/handle_errors.py`.

Every non-2xx answer raises an `APIStatusError` subclass with the service's `error_code`,
`error_msg` and `request_id` (quote it to support); refusals before sending are `ValueError`s;
no answer at all is an `APIConnectionError`. All of them are `MetaStudioError`s.
"""

from __future__ import annotations

from metastudio_client import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    MetaStudio,
    MetaStudioError,
    NotFoundError,
)

UNKNOWN_JOB = "00000000000000000000000000000000"
EXAMPLE_TRAINING_JOB = "efc5300ecdba4ea48d1ff13a9d907bc0"  # seeded by the mock, under review

with MetaStudio() as ms:
    # 404: a job that does not exist.
    try:
        ms.show_training_job(UNKNOWN_JOB)
    except NotFoundError as error:
        print(f"404: {error.error_code} {error.error_msg} (request id {error.request_id})")

    # 400: the lifecycle refuses a command in the job's state; the message says why.
    try:
        ms.execute_training_command(EXAMPLE_TRAINING_JOB, body={"command": "CONFIRM_ACCEPT"})
    except BadRequestError as error:
        print(f"400: {error.error_msg}")

    # 401: credentials for another project. The note under a traceback says where the
    # project id, the key and the endpoint came from (argument, variable or file).
    with ms.with_options(project_id="ffffffffffffffffffffffffffffffff") as other:
        try:
            other.show_training_job(EXAMPLE_TRAINING_JOB)
        except AuthenticationError as error:
            print(f"401: {error.error_msg}")
            print(f"     {error.__notes__[0]}")

    # Any status at all: catch the base class and look at status_code.
    try:
        ms.show_video_job(UNKNOWN_JOB)
    except APIStatusError as error:
        print(f"{error.status_code}: caught as APIStatusError")

    # Refused before sending: a value the spec does not list.
    try:
        ms.list_video_jobs(state="DONE")  # type: ignore[arg-type]  # mypy refuses it too
    except ValueError as error:
        print(f"not sent: {error}")

# No answer: nothing listens on port 9. Retries are turned off to fail at once.
with MetaStudio(endpoint="http://127.0.0.1:9", max_retries=0) as down:
    try:
        down.show_training_job(EXAMPLE_TRAINING_JOB)
    except APIConnectionError as error:
        print(f"no answer: {type(error).__name__}")
    except MetaStudioError as error:  # the family's base: anything the client raises
        print(f"other: {error}")
