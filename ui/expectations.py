"""The Expectations gap page's pieces: the survey and NPS files, the NPS answer counts, the
seed's three rules in words, and the messages about a bad file.

Each uploader is also its file's slot in `ui.uploads`: what is read from a file stays in the
session until "Forget my file", another file, or the end of the session; a file that left its
uploader (the × in it, or the page left) is forgotten on the next run of the page.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import streamlit as st

from calculators.nps import (
    EXAMPLE_NPS_COUNTS,
    MIN_NPS_ANSWERS,
    NPS_SCORES,
    NetPromoterScore,
    net_promoter_score,
)
from calculators.servqual import GapAnalysis
from calculators.surveys import (
    MAX_SURVEY_BYTES,
    SurveyError,
    SurveyGaps,
    SurveyIssue,
    read_nps_scores,
    read_survey,
    survey_gaps,
)
from ui import state, uploads, widgets
from ui.fmt import Formatter
from ui.frames import cell
from ui.i18n import translate
from ui.uploads import Upload
from ui.your_data import FILE_TYPES as SALES_FILE_TYPES

SURVEY_UPLOAD = "exp.survey.upload"
# What the uploaders offer: the sales export's types, as every upload goes through the one
# reader (`calculators.tables`), which tells the kind from the bytes, never from the name.
FILE_TYPES = SALES_FILE_TYPES
NPS_UPLOAD = "exp.nps.upload"
NPS_MODE = "exp.nps.mode"
NPS_COLUMNS = 7  # inputs per row: detractors 0-6 on the first, 7-10 on the second
MAX_COUNT = 10_000_000

T = TypeVar("T")


@dataclass(frozen=True)
class UploadedFile(Generic[T]):
    """A file in one of the page's uploaders: its name, its place in the session (`Upload`), and
    what the page makes of it (`result`), or why it cannot (`issues`)."""

    name: str
    upload: Upload
    result: T | None
    issues: list[SurveyIssue]


def _uploaded(
    uploader: str, use: Callable[[bytes], T], key: Hashable = "read"
) -> UploadedFile[T] | None:
    """The file in the uploader `uploader` and ``use(its bytes)``, computed once per file and
    `key` (what else `use` depends on) and kept in the session; None when there is no file."""
    file = uploads.uploaded(uploader)
    if file is None:
        uploads.forget(uploader)  # a file that left the uploader leaves the session too
        return None
    upload = Upload(uploader, file.file_id)

    def compute() -> tuple[T | None, list[SurveyIssue]]:
        try:
            return use(file.getvalue()), []
        except SurveyError as error:
            return None, error.issues

    result, issues = upload.kept(key, compute)
    return UploadedFile(file.name, upload, result, issues)


def uploaded_survey(weights: Sequence[float]) -> UploadedFile[SurveyGaps] | None:
    """The uploaded survey, read and measured with the dimensions' `weights`."""
    shares = tuple(weights)
    return _uploaded(
        SURVEY_UPLOAD,
        lambda data: survey_gaps(read_survey(data), list(shares)),
        ("survey", shares),
    )


def uploaded_nps() -> UploadedFile[NetPromoterScore] | None:
    """The uploaded NPS answers, read and scored."""
    return _uploaded(NPS_UPLOAD, lambda data: net_promoter_score(read_nps_scores(data)))


def has_file(uploader: str) -> bool:
    """Whether the uploader `uploader` holds a file."""
    return uploads.uploaded(uploader) is not None


def on_nps_mode() -> None:
    """Typing the counts instead of a file: the file is forgotten (Streamlit would empty the
    uploader that is no longer drawn anyway)."""
    if st.session_state.get(NPS_MODE) != "file" and has_file(NPS_UPLOAD):
        uploads.forget_file(NPS_UPLOAD, NPS_UPLOAD, confirm=False)


def issue_message(issue: SurveyIssue, names: dict[str, str], f: Formatter) -> str:
    """One problem of an uploaded file in the user's language, with the first bad cells."""
    cells = "; ".join(
        translate(
            f.lang,
            "exp.issue.cell",
            row=f.number(row),
            column=widgets.shown_text(column),
            value=widgets.shown_text(value),
        )
        for column, row, value in issue.cells
    )
    if issue.count > len(issue.cells):
        cells += "; …"
    columns = ", ".join(names.get(column, column) for column in issue.columns)
    return translate(
        f.lang,
        f"exp.issue.{issue.kind}",
        columns=columns,
        cells=cells,
        count=f.number(issue.count),
        line=f.number(issue.line or 0),
        max=f.number(MAX_SURVEY_BYTES),
    )


def show_issues(name: str, issues: list[SurveyIssue], names: dict[str, str], f: Formatter) -> None:
    """The file `name` could not be used: every reason."""
    lines = "\n".join(f"- {issue_message(issue, names, f)}" for issue in issues)
    title = translate(f.lang, "exp.survey.failed", name=widgets.shown_text(name))
    st.error(f"{title}\n\n{lines}", icon="🚫")


def interval(n: int, low: float, high: float, f: Formatter) -> str:
    """A 95 % interval of a mean gap; "n/a" with a single answer."""
    if n <= 1:
        return translate(f.lang, "common.not_applicable")
    return translate(f.lang, "exp.survey.interval", low=f.gap(low), high=f.gap(high))


def rules(
    gaps: GapAnalysis, survey: SurveyGaps | None, names: dict[str, str], f: Formatter
) -> list[tuple[str, str]]:
    """The seed's three rules, each as (title, what it says for these gaps and this survey)."""

    def t(key: str, **values: str) -> str:
        return translate(f.lang, key, **values)

    def gap_rule(dimension: str | None, none: str, key: str, first: str, second: str) -> str:
        if dimension is None:
            return t(none)
        scores = {
            first: f.score(cell(gaps.table, dimension, first)),
            second: f.score(cell(gaps.table, dimension, second)),
        }
        return t(key, dimension=names[dimension], **scores)

    if survey is None:
        measured = t("exp.rules.three.estimate")
    elif survey.largest is None:
        measured = t("exp.rules.three.measured_none", n=f.number(survey.respondents))
    else:
        measured = t(
            "exp.rules.three.measured",
            n=f.number(survey.respondents),
            dimension=names[survey.largest],
            gap=f.gap(cell(survey.table, survey.largest, "gap")),
        )
    promise = gap_rule(
        gaps.largest_promise_gap, "exp.rules.one.none", "exp.rules.one.gap", "promised", "delivered"
    )
    perception = gap_rule(
        gaps.largest_perception_gap,
        "exp.rules.two.none",
        "exp.rules.two.gap",
        "delivered",
        "perceived",
    )
    return [
        (t("exp.rules.one.title"), promise),
        (t("exp.rules.two.title"), perception),
        (t("exp.rules.three.title"), measured),
    ]


def count_key(score: int) -> str:
    return f"exp.nps.count.{score}"


def nps_count_inputs() -> list[int]:
    """One input per NPS answer 0-10 (the example counts at first); the counts entered."""
    t, f = state.t, state.formatter()
    for score in NPS_SCORES:
        st.session_state.setdefault(count_key(score), EXAMPLE_NPS_COUNTS[score])
    rows = (NPS_SCORES[:NPS_COLUMNS], NPS_SCORES[NPS_COLUMNS:])
    for title, scores in zip(
        ("exp.nps.detractors", "exp.nps.passives_promoters"), rows, strict=True
    ):
        st.markdown(f"**{t(title)}**")
        for score, column in zip(scores, st.columns(NPS_COLUMNS), strict=False):
            column.number_input(
                t("exp.nps.count", score=f.number(score)),
                min_value=0,
                max_value=MAX_COUNT,
                step=1,
                key=count_key(score),
            )
    return [int(st.session_state[count_key(score)]) for score in NPS_SCORES]


def few_answers_sentence(result: NetPromoterScore, f: Formatter) -> str | None:
    """The warning under a score from fewer than `MIN_NPS_ANSWERS` answers; None above it."""
    if not result.few_answers:
        return None
    return translate(
        f.lang,
        "exp.nps.few_answers",
        n=f.number(result.n),
        minimum=f.number(MIN_NPS_ANSWERS),
        swing=f.number(result.one_answer_swing),
        width=f.number(result.interval_width),
    )
