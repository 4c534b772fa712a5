"""Reads of learning gain: scores per trainee, cohort averages, item analysis, satisfaction."""

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from tambon.training.models import (
    Cohort,
    Enrollment,
    Question,
    SurveyQuestion,
    SurveyResponse,
    TestAnswer,
    TestAttempt,
)

# A question that fewer than this share of trainees answered correctly is flagged as hard.
HARD_QUESTION_PERCENT = 50.0

Scores = dict[str, float | None]


def _percent(score: int | None, max_score: int | None) -> float | None:
    if score is None or not max_score:
        return None
    return 100.0 * score / max_score


def scores_by_enrollment(cohort: Cohort) -> dict[int, Scores]:
    """{enrollment id: {"pre": %, "post": %}} of every approved trainee, in one query."""
    rows = (
        Enrollment.objects.filter(cohort=cohort, status=Enrollment.Status.APPROVED)
        .annotate(
            pre_score=Max("tests__score", filter=Q(tests__kind=TestAttempt.Kind.PRE)),
            pre_max=Max("tests__max_score", filter=Q(tests__kind=TestAttempt.Kind.PRE)),
            post_score=Max("tests__score", filter=Q(tests__kind=TestAttempt.Kind.POST)),
            post_max=Max("tests__max_score", filter=Q(tests__kind=TestAttempt.Kind.POST)),
        )
        .values_list("pk", "pre_score", "pre_max", "post_score", "post_max")
    )
    return {
        pk: {"pre": _percent(pre, pre_max), "post": _percent(post, post_max)}
        for pk, pre, pre_max, post, post_max in rows
    }


# --- per trainee and cohort averages -----------------------------------------------------------


@dataclass(frozen=True)
class TraineeScore:
    enrollment: Enrollment
    pre: float | None
    post: float | None
    pass_mark: float

    @property
    def name(self) -> str:
        trainee = self.enrollment.trainee
        return trainee.get_full_name() or trainee.username

    @property
    def gain(self) -> float | None:
        """Post-test percent minus pre-test percent."""
        return None if self.pre is None or self.post is None else self.post - self.pre

    @property
    def passed(self) -> bool | None:
        return None if self.post is None else self.post >= self.pass_mark


@dataclass(frozen=True)
class Averages:
    pre: float | None
    pre_count: int
    post: float | None
    post_count: int
    # Over the trainees who took both tests: their mean gain and Hake's normalised gain.
    paired_count: int
    paired_pre: float | None
    paired_post: float | None
    gain: float | None
    hake_g: float | None
    passed_count: int


def _mean(values: list[float]) -> float | None:
    return fmean(values) if values else None


def hake_gain(pre: float | None, post: float | None) -> float | None:
    """Hake's normalised gain g = (post − pre) / (100 − pre), on percent averages."""
    if pre is None or post is None or pre >= 100:
        return None
    return (post - pre) / (100.0 - pre)


def cohort_averages(scores: dict[int, Scores], pass_mark: float) -> Averages:
    """The averages of a cohort's scores (as returned by `scores_by_enrollment`)."""
    pres = [s["pre"] for s in scores.values() if s["pre"] is not None]
    posts = [s["post"] for s in scores.values() if s["post"] is not None]
    pairs = [
        (s["pre"], s["post"])
        for s in scores.values()
        if s["pre"] is not None and s["post"] is not None
    ]
    paired_pre = _mean([p for p, _q in pairs])
    paired_post = _mean([q for _p, q in pairs])
    return Averages(
        pre=_mean(pres),
        pre_count=len(pres),
        post=_mean(posts),
        post_count=len(posts),
        paired_count=len(pairs),
        paired_pre=paired_pre,
        paired_post=paired_post,
        gain=_mean([q - p for p, q in pairs]),
        hake_g=hake_gain(paired_pre, paired_post),
        passed_count=sum(1 for p in posts if p >= pass_mark),
    )


# --- item analysis ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemStat:
    number: int
    question: Question
    pre_answered: int
    pre_correct: int
    post_answered: int
    post_correct: int

    @property
    def pre_percent(self) -> float | None:
        return _percent(self.pre_correct, self.pre_answered)

    @property
    def post_percent(self) -> float | None:
        return _percent(self.post_correct, self.post_answered)

    @property
    def is_hard(self) -> bool:
        """Most trainees got it wrong: in the post-test, or in the pre-test until there is one."""
        share = self.post_percent if self.post_answered else self.pre_percent
        return share is not None and share < HARD_QUESTION_PERCENT


def item_analysis(cohort: Cohort) -> list[ItemStat]:
    """Per question: the share answered correctly in the pre- and post-test, hardest first."""
    questions = list(Question.objects.filter(course_id=cohort.course_id).order_by("order", "pk"))
    counts: dict[tuple[int, str], tuple[int, int]] = {
        (row["question_id"], row["attempt__kind"]): (row["answered"], row["correct"])
        for row in TestAnswer.objects.filter(
            attempt__enrollment__cohort=cohort,
            attempt__enrollment__status=Enrollment.Status.APPROVED,
        )
        .values("question_id", "attempt__kind")
        .annotate(answered=Count("pk"), correct=Count("pk", filter=Q(is_correct=True)))
        .order_by()
    }
    items = []
    for number, q in enumerate(questions, start=1):
        pre = counts.get((q.pk, TestAttempt.Kind.PRE), (0, 0))
        post = counts.get((q.pk, TestAttempt.Kind.POST), (0, 0))
        items.append(ItemStat(number, q, pre[0], pre[1], post[0], post[1]))

    def hardest_first(item: ItemStat) -> tuple[float, float, int]:
        post, pre = item.post_percent, item.pre_percent
        return (
            post if post is not None else 101.0,
            pre if pre is not None else 101.0,
            item.number,
        )

    return sorted(items, key=hardest_first)


# --- satisfaction ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingStat:
    question: SurveyQuestion
    counts: list[int]  # how many answered 1, 2, 3, 4, 5

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        total = self.answered
        return sum((i + 1) * n for i, n in enumerate(self.counts)) / total if total else None


@dataclass(frozen=True)
class TextAnswers:
    question: SurveyQuestion
    answers: list[str]


@dataclass(frozen=True)
class SurveySummary:
    responses: int
    ratings: list[RatingStat]
    texts: list[TextAnswers]


def survey_summary(cohort: Cohort) -> SurveySummary:
    """Mean and distribution of each rating question, and the free-text answers."""
    questions = list(SurveyQuestion.objects.filter(course_id=cohort.course_id))
    answer_sets = list(
        SurveyResponse.objects.filter(
            enrollment__cohort=cohort, enrollment__status=Enrollment.Status.APPROVED
        ).values_list("answers", flat=True)
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * 5)
    texts: dict[int, list[str]] = defaultdict(list)
    for answers in answer_sets:
        for q in questions:
            value = (answers or {}).get(str(q.pk))
            if q.kind == SurveyQuestion.Kind.RATING and isinstance(value, int) and 1 <= value <= 5:
                counts[q.pk][value - 1] += 1
            elif q.kind == SurveyQuestion.Kind.TEXT and isinstance(value, str) and value.strip():
                texts[q.pk].append(value.strip())
    return SurveySummary(
        responses=len(answer_sets),
        ratings=[
            RatingStat(q, list(counts[q.pk]))
            for q in questions
            if q.kind == SurveyQuestion.Kind.RATING
        ],
        texts=[
            TextAnswers(q, texts[q.pk]) for q in questions if q.kind == SurveyQuestion.Kind.TEXT
        ],
    )


# --- the results page ------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortResults:
    can_see_all: bool
    pass_mark: float
    rows: list[TraineeScore]
    averages: Averages
    items: list[ItemStat] = field(default_factory=list)
    survey: SurveySummary | None = None

    @property
    def has_item_answers(self) -> bool:
        return any(i.pre_answered or i.post_answered for i in self.items)


def cohort_results(*, cohort: Cohort, user: Any) -> CohortResults:
    """What `user` may see of a cohort's results: everyone's for those who run its sessions,
    otherwise (a trainee) their own row and the cohort's averages. The caller has checked
    `training.view_cohort`."""
    can_see_all = bool(user.has_perm("training.run_sessions", cohort))
    pass_mark = float(cohort.course.pass_mark_percent)
    scores = scores_by_enrollment(cohort)
    enrollments = (
        Enrollment.objects.filter(cohort=cohort, status=Enrollment.Status.APPROVED)
        .select_related("trainee", "subdistrict")
        .order_by("trainee__first_name", "trainee__last_name", "pk")
    )
    if not can_see_all:
        enrollments = enrollments.filter(trainee=user)
    rows = [
        TraineeScore(
            e, scores.get(e.pk, {}).get("pre"), scores.get(e.pk, {}).get("post"), pass_mark
        )
        for e in enrollments
    ]
    return CohortResults(
        can_see_all=can_see_all,
        pass_mark=pass_mark,
        rows=rows,
        averages=cohort_averages(scores, pass_mark),
        items=item_analysis(cohort) if can_see_all else [],
        survey=survey_summary(cohort) if can_see_all else None,
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def chart_data(results: CohortResults) -> dict[str, Any]:
    """The data of the page's charts, for json_script: labels are already translated."""
    avg = results.averages
    trainees = {
        "names": [r.name for r in results.rows] + [_("Cohort average")],
        "pre": [_round(r.pre) for r in results.rows] + [_round(avg.pre)],
        "post": [_round(r.post) for r in results.rows] + [_round(avg.post)],
        "labels": {"pre": _("Pre-test (%)"), "post": _("Post-test (%)")},
        "pass_mark": results.pass_mark,
    }
    data: dict[str, Any] = {"trainees": trainees}
    if results.has_item_answers:
        ordered = sorted(results.items, key=lambda i: i.number)
        data["items"] = {
            "names": [_("Q%(number)s") % {"number": i.number} for i in ordered],
            "texts": [i.question.text[:120] for i in ordered],
            "pre": [_round(i.pre_percent) for i in ordered],
            "post": [_round(i.post_percent) for i in ordered],
            "labels": {"pre": _("Correct in pre-test (%)"), "post": _("Correct in post-test (%)")},
        }
    if results.survey and results.survey.ratings:
        ratings = results.survey.ratings
        data["survey"] = {
            "questions": [r.question.text for r in ratings],
            "series": [
                {"name": str(score), "data": [r.counts[score - 1] for r in ratings]}
                for score in range(1, 6)
            ],
            "axis": _("Answers"),
        }
    return data
