"""Learning gain: per-trainee scores, cohort averages, Hake's g, item analysis, satisfaction,
and who sees which rows of the results page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tambon.training.models import Cohort, Enrollment, Question, SurveyQuestion
from tambon.training.selectors import assessment as selectors
from tambon.training.services import assessment
from tests.conftest import login
from tests.training.factories import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def scores(cohort: Cohort, marks: list[tuple[int | None, int | None]]) -> list[Enrollment]:
    """Approved trainees with paper pre/post scores out of 10 (None: not taken)."""
    enrollments = []
    for pre, post in marks:
        enrollment = EnrollmentFactory(cohort=cohort)
        for kind, score in (("pre", pre), ("post", post)):
            if score is not None:
                assessment.enter_paper_score(
                    enrollment=enrollment,
                    kind=kind,
                    score=score,
                    max_score=10,
                    by=cohort.organiser,
                )
        enrollments.append(enrollment)
    return enrollments


def take_post_test(enrollment: Enrollment, wrong: set[int]) -> None:
    """Answer everything right except the questions numbered in `wrong`."""
    answers: dict[int, object] = {}
    for q in enrollment.cohort.course.questions.all():
        if q.kind == Question.Kind.CHOICE:
            answers[q.pk] = (q.correct_choice + 1) % 4 if q.order in wrong else q.correct_choice
        else:
            answers[q.pk] = "0" if q.order in wrong else "1300"
    assessment.submit_online_test(
        cohort=enrollment.cohort, kind="post", answers=answers, by=enrollment.trainee
    )


def results_url(cohort: Cohort) -> str:
    return reverse("training:cohort_results", args=[cohort.pk])


def test_gain_and_hakes_g_are_computed_for_a_small_cohort() -> None:
    cohort = CohortFactory()
    a, b, c, d = scores(cohort, [(4, 8), (6, 9), (2, 5), (5, None)])

    results = selectors.cohort_results(cohort=cohort, user=cohort.organiser)

    rows = {r.enrollment.pk: r for r in results.rows}
    assert rows[a.pk].gain == pytest.approx(40.0)
    assert rows[c.pk].passed is False  # 50 % is under the pass mark of 60 %
    assert rows[b.pk].passed is True
    assert rows[d.pk].gain is None and rows[d.pk].passed is None
    avg = results.averages
    assert avg.pre == pytest.approx(42.5)  # all four pre-tests
    assert avg.post == pytest.approx(220 / 3)
    assert avg.paired_count == 3
    assert avg.gain == pytest.approx(100 / 3)
    # g on the averages of those who took both: (73.33 − 40) / (100 − 40)
    assert avg.hake_g == pytest.approx((220 / 3 - 40) / 60)
    assert avg.passed_count == 2


def test_hakes_g_is_undefined_when_the_pre_test_average_is_full_marks() -> None:
    assert selectors.hake_gain(100.0, 100.0) is None
    assert selectors.hake_gain(None, 80.0) is None
    assert selectors.hake_gain(50.0, 75.0) == pytest.approx(0.5)


def test_scores_by_enrollment_gives_percent_for_every_approved_trainee_in_one_query(
    django_assert_num_queries,
) -> None:
    cohort = CohortFactory()
    a, b = scores(cohort, [(4, 8), (None, None)])
    EnrollmentFactory(cohort=cohort, status="waitlisted")

    with django_assert_num_queries(1):
        result = selectors.scores_by_enrollment(cohort)

    assert result == {a.pk: {"pre": 40.0, "post": 80.0}, b.pk: {"pre": None, "post": None}}


def test_item_analysis_puts_the_question_most_got_wrong_first() -> None:
    cohort = CohortFactory()
    for wrong in ({3}, {3, 1}, {3}):
        take_post_test(EnrollmentFactory(cohort=cohort), wrong)

    items = selectors.item_analysis(cohort)

    hardest = items[0]
    assert hardest.question.order == 3
    assert hardest.post_percent == 0.0
    assert hardest.is_hard
    assert items[1].question.order == 1
    assert items[1].post_percent == pytest.approx(200 / 3)
    assert [i.question.order for i in items if i.is_hard] == [3]


def test_satisfaction_gives_the_mean_and_distribution_of_each_rating() -> None:
    cohort = CohortFactory()
    rating = cohort.course.survey_questions.get(kind=SurveyQuestion.Kind.RATING)
    text = cohort.course.survey_questions.get(kind=SurveyQuestion.Kind.TEXT)
    for score, comment in ((5, "ได้ความรู้มาก"), (4, ""), (4, "อยากให้มีภาคสนาม")):
        trainee = EnrollmentFactory(cohort=cohort).trainee
        assessment.submit_survey(
            cohort=cohort,
            answers={rating.pk: score, text.pk: comment},
            by=trainee,
            today=cohort.ends_on,
        )

    summary = selectors.survey_summary(cohort)

    assert summary.responses == 3
    assert summary.ratings[0].counts == [0, 0, 0, 2, 1]
    assert summary.ratings[0].mean == pytest.approx(13 / 3)
    assert summary.texts[0].answers == ["ได้ความรู้มาก", "อยากให้มีภาคสนาม"]


def test_a_trainee_sees_only_their_own_row_and_the_cohort_averages(client: Client) -> None:
    cohort = CohortFactory()
    me = EnrollmentFactory(cohort=cohort, trainee__first_name="มาลี", trainee__last_name="ทองดี")
    other = EnrollmentFactory(cohort=cohort, trainee__first_name="บุญชู", trainee__last_name="ศรีสวัสดิ์")
    for enrollment, post in ((me, 4), (other, 2)):
        assessment.enter_paper_score(
            enrollment=enrollment, kind="post", score=post, by=cohort.organiser
        )
    login(client, me.trainee)

    response = client.get(results_url(cohort))

    html = response.content.decode()
    assert response.status_code == 200
    assert "มาลี ทองดี" in html
    assert "บุญชู" not in html
    assert html.count('id="score-') == 2  # my row and the average row
    assert 'id="average-post">60.0 %' in html
    assert 'id="item-analysis"' not in html
    assert 'id="satisfaction"' not in html


def test_an_officer_sees_every_trainee_item_analysis_and_satisfaction(
    client: Client, cm_officer
) -> None:
    cohort = CohortFactory()
    scores(cohort, [(4, 8), (6, 9), (2, None)])
    login(client, cm_officer)

    response = client.get(results_url(cohort))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('id="score-') == 4
    assert 'id="item-analysis"' in html
    assert 'id="satisfaction"' in html
    assert 'id="assessment-chart-data"' in html
    assert "vendor/echarts/echarts.min.js" in html


def test_the_results_page_says_when_there_are_no_post_tests_yet(client: Client) -> None:
    cohort = CohortFactory()
    scores(cohort, [(4, None)])
    login(client, cohort.organiser)

    html = client.get(results_url(cohort)).content.decode()

    assert 'id="no-post-tests"' in html
    assert 'id="no-items"' in html
    assert 'id="no-survey"' in html


def test_an_officer_of_another_province_cannot_see_the_results(client: Client, bkk_officer) -> None:
    cohort = CohortFactory()
    login(client, bkk_officer)
    assert client.get(results_url(cohort)).status_code == 403


def test_a_nominee_not_yet_approved_cannot_see_the_results(client: Client) -> None:
    enrollment = EnrollmentFactory(status="nominated")
    login(client, enrollment.trainee)
    assert client.get(results_url(enrollment.cohort)).status_code == 403


def cohort_with_results(trainees: int) -> Cohort:
    cohort = CohortFactory()
    rating = cohort.course.survey_questions.get(kind=SurveyQuestion.Kind.RATING)
    for i in range(trainees):
        enrollment = EnrollmentFactory(cohort=cohort)
        take_post_test(enrollment, {i % 5 + 1})
        assessment.enter_paper_score(
            enrollment=enrollment, kind="pre", score=i % 6, by=cohort.organiser
        )
        assessment.submit_survey(
            cohort=cohort,
            answers={rating.pk: i % 5 + 1},
            by=enrollment.trainee,
            today=cohort.ends_on,
        )
    return cohort


def count_queries(client: Client, cohort: Cohort) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(results_url(cohort))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_results_page_takes_as_many_queries_for_60_trainees_as_for_3(
    client: Client, admin
) -> None:
    small, large = cohort_with_results(3), cohort_with_results(60)
    login(client, admin)

    assert count_queries(client, large) == count_queries(client, small)
    assert client.get(results_url(large)).content.decode().count('id="score-') == 61
