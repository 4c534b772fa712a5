import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.core.jobs import finish_job, start_job
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_owner_sees_the_progress_of_a_running_job(client: Client, siphum_officer: User) -> None:
    job = start_job(kind="test", title="สร้างวุฒิบัตร", user=siphum_officer, total=4)
    job.advance(2)
    html = login(client, siphum_officer).get(reverse("job_status", args=[job.pk])).content.decode()
    assert "2 / 4" in html
    assert "50%" in html
    assert "hx-trigger" in html  # keeps polling


def test_a_finished_job_offers_its_result_and_stops_polling(
    client: Client, siphum_officer: User
) -> None:
    job = start_job(kind="test", title="สร้างวุฒิบัตร", user=siphum_officer, total=1)
    finish_job(job, result_url="/media/result.pdf")
    html = login(client, siphum_officer).get(reverse("job_status", args=[job.pk])).content.decode()
    assert "/media/result.pdf" in html
    assert "hx-trigger" not in html


def test_another_user_cannot_see_someone_elses_job(
    client: Client, siphum_officer: User, bkk_officer: User
) -> None:
    job = start_job(kind="test", title="สร้างวุฒิบัตร", user=siphum_officer, total=1)
    response = login(client, bkk_officer).get(reverse("job_status", args=[job.pk]))
    assert response.status_code == 404
