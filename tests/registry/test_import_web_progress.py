"""The progress of a background import or check, as the task reports it to its Job."""

import pytest

from tambon.accounts.models import User
from tambon.core.jobs import Job, start_job
from tambon.registry.tasks.imports import JobProgress

pytestmark = pytest.mark.django_db


def reporter(job: Job | None) -> JobProgress:
    # The test's rows are not committed: a second connection (PostgreSQL's default) would
    # not see them, so these tests report on the test's own connection.
    return JobProgress(job, own_connection=False)


def job_for(user: User) -> Job:
    return start_job(kind="registry.import", title="นำเข้า สำรวจ.csv", user=user, total=0)


def test_the_engines_progress_reaches_the_job(siphum_officer: User) -> None:
    job = job_for(siphum_officer)
    progress = reporter(job)

    progress(50_000, 200_000)
    progress.close()

    job.refresh_from_db()
    assert (job.done, job.total, job.status) == (50_000, 200_000, Job.Status.RUNNING)
    assert job.percent == 25


def test_progress_is_written_at_most_twice_a_second_but_the_end_always(
    siphum_officer: User,
) -> None:
    job = job_for(siphum_officer)
    progress = reporter(job)

    progress(10, 100)
    progress(20, 100)  # too soon: skipped
    job.refresh_from_db()
    assert job.done == 10

    progress(100, 100)  # the end is always written
    progress.close()
    job.refresh_from_db()
    assert job.done == 100


def test_the_last_progress_is_settled_after_the_work(siphum_officer: User) -> None:
    job = job_for(siphum_officer)
    progress = reporter(job)
    progress(10, 100)
    progress(60, 100)  # skipped by the throttle

    progress.close()
    progress.settle()

    job.refresh_from_db()
    assert (job.done, job.total) == (60, 100)


def test_a_task_without_a_job_reports_nowhere() -> None:
    progress = reporter(None)
    progress(1, 2)
    progress.settle()
    progress.close()
    assert not Job.objects.exists()
