"""Listing and filtering video jobs: one page, every page, and the filters.

Run it against the mock (`make mock` in another terminal, then the exports of the README's
quick start): `.venv/bin/python examples/list_video_jobs.py`. The mock seeds 60 video jobs
besides the pages' example, in every state and of both job types.

Enum filters take the member or its value (`sort_dir="desc"` or `SortDir.DESC`), and a list
filter one value too (`state="SUCCEED"`); a value the spec does not list is refused before
anything is sent, naming the values it does list.
"""

from __future__ import annotations

from metastudio_client import MetaStudio
from metastudio_client.models import VideoJobState

with MetaStudio() as ms:
    # One page: `.jobs` holds this page, `.count` every match (not only this page).
    page = ms.list_video_jobs(limit=5, sort_key="create_time", sort_dir="desc")
    print(f"{page.count} jobs, the {len(page.jobs or [])} newest:")
    for job in page.jobs or []:
        print(f"  {job.create_time} {job.state} {job.job_type} {job.job_id}")

    # Filters: one state or several, a job type, a time range.
    done = ms.list_video_jobs(state=["SUCCEED", VideoJobState.FAILED], limit=1)
    print(f"finished (succeeded or failed): {done.count}")
    photo = ms.list_video_jobs(job_type="PHOTO_DIGITAL_HUMAN_VIDEO", state="SUCCEED", limit=1)
    print(f"photo-based videos that succeeded: {photo.count}")

    # Every page: iter_video_jobs fetches the next page only when this one is used up.
    waiting = [job.job_id for job in ms.iter_video_jobs(state="WAITING", page_size=4)]
    print(f"waiting, all pages: {len(waiting)}")

    # A value the spec does not list never reaches the service.
    try:
        ms.list_video_jobs(sort_dir="descending")  # type: ignore[arg-type]  # mypy refuses it too
    except ValueError as error:
        print(f"refused: {error}")
