"""Expectations gap: what you promise, what you deliver, what the customer perceives (seed 004),
what customers' own answers say, whether they would recommend you, and a clearly labelled
what-if on closing the perception gap."""

from collections.abc import Callable
from typing import Any

import streamlit as st

from calculators.expectations import (
    DIMENSIONS,
    EXAMPLE_NPS_COUNTS,
    MAX_SURVEY_BYTES,
    NPS_SCORES,
    SurveyError,
    SurveyIssue,
    dimension_columns,
    example_survey_csv,
    expectations_report,
    net_promoter_score,
    nps_from_counts,
    read_nps_scores,
    read_survey,
    survey_gaps,
)
from ui import cards, state, widgets
from ui.charts import expectations as charts
from ui.nav import LOYALTY

SCORE_FIELDS = ("promised", "delivered", "perceived", "weight")
WHAT_IF_FIELD = "expectations.satisfied_to_delighted"
SURVEY_UPLOAD = "exp.survey.upload"
SURVEY_PARSED = "exp.survey.parsed"
NPS_MODE = "exp.nps.mode"
NPS_MODES = ("counts", "file")
NPS_UPLOAD = "exp.nps.upload"
NPS_PARSED = "exp.nps.parsed"
NPS_COLUMNS = 7  # inputs per row: detractors 0-6 on the first, 7-10 on the second
MAX_COUNT = 10_000_000
WHAT_IF_WIDTHS = (1.4, 1.0, 1.0, 1.0)


def count_key(score: int) -> str:
    return f"exp.nps.count.{score}"


def parsed_upload(file: Any, cache_key: str, read: Callable[[bytes], Any]) -> tuple[Any, list]:
    """What `read` makes of the uploaded `file`, read once per upload: (result, issues)."""
    cached = st.session_state.get(cache_key)
    if cached is None or cached[0] != file.file_id:
        try:
            outcome = (read(file.getvalue()), [])
        except SurveyError as error:
            outcome = (None, error.issues)
        st.session_state[cache_key] = (file.file_id, outcome)
        cached = st.session_state[cache_key]
    return cached[1]


state.require_app()
t = state.t
f = state.formatter()
names = charts.dimension_names(state.lang())
st.title(t("exp.title"))
st.markdown(t("exp.intro"))


def survey_issue_message(issue: SurveyIssue) -> str:
    """One problem of an uploaded file in the user's language, with the first bad cells."""
    cells = "; ".join(
        t(
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
    return t(
        f"exp.issue.{issue.kind}",
        columns=columns,
        cells=cells,
        count=f.number(issue.count),
        line=f.number(issue.line or 0),
        max=f.number(MAX_SURVEY_BYTES),
    )


def show_issues(name: str, issues: list[SurveyIssue]) -> None:
    lines = "\n".join(f"- {survey_issue_message(issue)}" for issue in issues)
    st.error(f"{t('exp.survey.failed', name=widgets.shown_text(name))}\n\n{lines}", icon="🚫")


# 1. Promised, delivered, perceived: one column of sliders per dimension.
with st.container(border=True):
    st.subheader(t("exp.inputs"))
    for dimension, column in zip(DIMENSIONS, st.columns(len(DIMENSIONS)), strict=True):
        column.markdown(f"**{names[dimension]}**")
        column.caption(t(f"exp.about.{dimension}"))
        for part in SCORE_FIELDS:
            widgets.field_slider(
                f"expectations.{dimension}.{part}",
                container=column,
                label_text=t(f"exp.part.{part}"),
            )
    scenario = state.scenario()
    report = expectations_report(scenario)
    gaps = report.gaps
    weights = ", ".join(
        t("exp.weight_item", dimension=names[d], share=f.percent(w))
        for d, w in gaps.table["weight"].items()
    )
    st.caption(t("exp.weights_equal" if gaps.equal_weights else "exp.weights", weights=weights))

# 2. The biggest gap, in a sentence, and the weighted gaps.
if gaps.largest is None:
    st.success(t("exp.biggest.none"), icon="✅")
else:
    largest = gaps.table.loc[gaps.largest]
    st.warning(
        t(
            "exp.biggest.gap",
            dimension=names[gaps.largest],
            promised=charts.score(f, largest["promised"]),
            perceived=charts.score(f, largest["perceived"]),
        ),
        icon="🎯",
    )
st.caption(f"{t('common.how')} {t('exp.biggest.how')}")

cols = st.columns(3)
weighted = (
    ("promise", gaps.weighted_promise_gap),
    ("perception", gaps.weighted_perception_gap),
    ("customer", gaps.weighted_customer_gap),
)
for column, (name, value) in zip(cols, weighted, strict=True):
    with column:
        widgets.headline(
            t(f"exp.metric.{name}"),
            t("exp.points", value=charts.gap(f, value)),
            t(f"exp.metric.{name}_how"),
        )

left, right = st.columns(2)
with left:
    widgets.chart("exp", "radar", lambda: charts.gap_radar(gaps, f), (scenario.expectations, f))
with right:
    widgets.chart("exp", "bars", lambda: charts.gap_bars(gaps, f), (scenario.expectations, f))
cards.source_card("gap_model")

# 3. The seed's three rules, tied to the gaps above.
survey_file = st.session_state.get(SURVEY_UPLOAD)
survey, _ = parsed_upload(survey_file, SURVEY_PARSED, read_survey) if survey_file else (None, [])
survey_result = survey_gaps(survey, gaps.table["weight"].tolist()) if survey else None

st.header(t("exp.rules.title"))
rule_columns = st.columns(3)
with rule_columns[0], st.container(border=True):
    st.markdown(f"**{t('exp.rules.one.title')}**")
    if gaps.largest_promise_gap is None:
        st.markdown(t("exp.rules.one.none"))
    else:
        row = gaps.table.loc[gaps.largest_promise_gap]
        st.markdown(
            t(
                "exp.rules.one.gap",
                dimension=names[gaps.largest_promise_gap],
                promised=charts.score(f, row["promised"]),
                delivered=charts.score(f, row["delivered"]),
            )
        )
with rule_columns[1], st.container(border=True):
    st.markdown(f"**{t('exp.rules.two.title')}**")
    if gaps.largest_perception_gap is None:
        st.markdown(t("exp.rules.two.none"))
    else:
        row = gaps.table.loc[gaps.largest_perception_gap]
        st.markdown(
            t(
                "exp.rules.two.gap",
                dimension=names[gaps.largest_perception_gap],
                delivered=charts.score(f, row["delivered"]),
                perceived=charts.score(f, row["perceived"]),
            )
        )
with rule_columns[2], st.container(border=True):
    st.markdown(f"**{t('exp.rules.three.title')}**")
    if survey_result is None:
        st.markdown(t("exp.rules.three.estimate"))
    elif survey_result.largest is None:
        st.markdown(t("exp.rules.three.measured_none", n=f.number(survey_result.respondents)))
    else:
        st.markdown(
            t(
                "exp.rules.three.measured",
                n=f.number(survey_result.respondents),
                dimension=names[survey_result.largest],
                gap=charts.gap(f, survey_result.table.loc[survey_result.largest, "gap"]),
            )
        )

# 4. A survey of the customers: measured gaps with confidence intervals.
st.header(t("exp.survey.title"))
st.markdown(t("exp.survey.intro"))
with st.expander(t("exp.survey.format"), icon="📄"):
    st.markdown(t("exp.survey.format_dimensions", columns=", ".join(dimension_columns())))
    st.markdown(t("exp.survey.format_items"))
    st.markdown(t("exp.survey.format_other"))
    st.download_button(
        t("exp.survey.example"),
        data=example_survey_csv(),
        file_name=t("exp.files.example") + ".csv",
        mime="text/csv",
        on_click="ignore",
        icon="⬇️",
        key="exp.survey.download",
    )
st.file_uploader(
    t("exp.survey.upload"), type=["csv", "txt"], key=SURVEY_UPLOAD, help=t("exp.survey.upload_help")
)
if survey_file is not None and survey is None:
    show_issues(survey_file.name, parsed_upload(survey_file, SURVEY_PARSED, read_survey)[1])
if survey_result is not None:
    st.caption(
        t(
            "exp.survey.loaded",
            name=widgets.shown_text(survey_file.name),
            n=f.number(survey_result.respondents),
            layout=t(f"exp.survey.layout_{survey_result.layout}"),
        )
    )
    overall = survey_result.overall
    if overall is None:
        st.info(t("exp.survey.overall_none"), icon="ℹ️")
    else:
        interval = (
            t(
                "exp.survey.interval",
                low=charts.gap(f, overall.low),
                high=charts.gap(f, overall.high),
            )
            if overall.n > 1
            else t("common.not_applicable")
        )
        widgets.headline(
            t("exp.survey.overall"),
            t("exp.points", value=charts.gap(f, overall.mean)),
            t("exp.survey.overall_how", n=f.number(overall.n), interval=interval),
        )
    widgets.chart(
        "exp",
        "survey",
        lambda: charts.survey_gap_points(survey_result, f),
        (survey_file.file_id, f),
    )
    table = survey_result.table
    st.dataframe(
        {
            t("exp.survey.table.dimension"): [names[d] for d in table.index],
            t("exp.survey.table.n"): [f.number(n) for n in table["n"]],
            t("exp.survey.table.expected"): [charts.score(f, v) for v in table["expected"]],
            t("exp.survey.table.perceived"): [charts.score(f, v) for v in table["perceived"]],
            t("exp.survey.table.gap"): [charts.gap(f, v) for v in table["gap"]],
            t("exp.survey.table.interval"): [
                t("exp.survey.interval", low=charts.gap(f, lo), high=charts.gap(f, hi))
                if n > 1
                else t("common.not_applicable")
                for n, lo, hi in zip(table["n"], table["low"], table["high"], strict=True)
            ],
        },
        width="stretch",
        hide_index=True,
        height=widgets.table_height(len(table)),
    )

# 5. Would they recommend you? The Net Promoter Score with its interval.
st.header(t("exp.nps.title"))
st.markdown(t("exp.nps.intro"))
mode_labels = {m: t(f"exp.nps.mode_{m}") for m in NPS_MODES}
mode = st.radio(
    t("exp.nps.mode"),
    options=NPS_MODES,
    format_func=mode_labels.__getitem__,
    horizontal=True,
    key=NPS_MODE,
)
nps = None
if mode == "counts":
    st.caption(t("exp.nps.counts_hint"))
    for score in NPS_SCORES:
        st.session_state.setdefault(count_key(score), EXAMPLE_NPS_COUNTS[score])
    rows = (NPS_SCORES[:NPS_COLUMNS], NPS_SCORES[NPS_COLUMNS:])
    for title, scores in zip(
        ("exp.nps.detractors", "exp.nps.passives_promoters"), rows, strict=True
    ):
        st.markdown(f"**{t(title)}**")
        for score, column in zip(scores, st.columns(NPS_COLUMNS), strict=False):
            column.number_input(
                t("exp.nps.count", score=score),
                min_value=0,
                max_value=MAX_COUNT,
                step=1,
                key=count_key(score),
            )
    counts = [int(st.session_state[count_key(score)]) for score in NPS_SCORES]
    if sum(counts):
        nps = nps_from_counts(counts)
    else:
        st.info(t("exp.nps.none"), icon="ℹ️")
else:
    nps_file = st.file_uploader(
        t("exp.nps.upload"), type=["csv", "txt"], key=NPS_UPLOAD, help=t("exp.nps.upload_help")
    )
    if nps_file is None:
        st.info(t("exp.nps.no_file"), icon="ℹ️")
    else:
        answers, issues = parsed_upload(nps_file, NPS_PARSED, read_nps_scores)
        if issues:
            show_issues(nps_file.name, issues)
        else:
            nps = net_promoter_score(answers)
            st.caption(
                t(
                    "exp.nps.file_loaded",
                    name=widgets.shown_text(nps_file.name),
                    n=f.number(nps.n),
                )
            )

if nps is not None:
    promoters, passives, detractors = nps.shares
    cols = st.columns(3)
    with cols[0]:
        widgets.headline(
            t("exp.nps.score"),
            f.number(nps.nps),
            t(
                "exp.nps.score_how",
                promoters=f.percent(promoters),
                detractors=f.percent(detractors),
                n=f.number(nps.n),
            ),
        )
    with cols[1]:
        widgets.headline(
            t("exp.nps.interval"),
            t("exp.survey.interval", low=f.number(nps.ci_low), high=f.number(nps.ci_high)),
            t("exp.nps.interval_how", se=f.number(nps.standard_error, 1)),
        )
    with cols[2]:
        widgets.headline(
            t("exp.nps.split"),
            " · ".join(f.percent(share, 0) for share in (promoters, passives, detractors)),
            t("exp.nps.split_how"),
        )
    widgets.chart("exp", "nps", lambda: charts.nps_split(nps, f), (nps, f))
cards.source_card("nps")

# 6. What if the perception gap closed? An assumption, shown next to what it implies.
what_if = report.what_if
link = what_if.link
st.header(t("exp.whatif.title"))
st.markdown(f":orange-badge[🧪 {t('exp.whatif.label')}]")
st.markdown(t("exp.whatif.intro", ratio=f.ratio(scenario.loyalty.repurchase_ratio)))
cols = st.columns(WHAT_IF_WIDTHS)
with cols[0], st.container(border=True):
    widgets.field_input(WHAT_IF_FIELD)
    st.caption(t("exp.whatif.assumption", share=f.percent(what_if.assumption)))
if not what_if.applies:
    cols[1].info(t("exp.whatif.none"), icon="ℹ️")
else:
    with cols[1]:
        widgets.headline(
            t("exp.whatif.moved"),
            f.number(what_if.customers_moved),
            t(
                "exp.whatif.moved_how",
                assumption=f.percent(what_if.assumption),
                satisfied=f.percent(what_if.share_satisfied),
                customers=f.number(scenario.business.active_customers),
            ),
        )
    with cols[2]:
        widgets.headline(
            t("exp.whatif.retention"),
            f"{f.percent(what_if.retention_before)} → {f.percent(what_if.retention_after)}",
            t(
                "exp.whatif.retention_how",
                delighted=f.percent(link.retention.extremely_satisfied),
                satisfied=f.percent(link.retention.satisfied),
            ),
        )
    with cols[3]:
        widgets.headline(
            t("exp.whatif.value"),
            f.money(what_if.value),
            t(
                "exp.whatif.value_how",
                delighted=f.money(link.value_extremely_satisfied),
                satisfied=f.money(link.value_satisfied),
                years=scenario.loyalty.horizon_years,
            ),
            link=LOYALTY,
        )
cards.source_card("delighted_6x")
