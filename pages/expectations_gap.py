"""Expectations gap: what you promise, what you deliver, what the customer perceives (seed 004),
what customers' own answers say, whether they would recommend you, and a clearly labelled
what-if on closing the perception gap."""

import streamlit as st

from calculators.nps import NetPromoterScore, nps_from_counts
from calculators.reports.expectations import expectations_report
from calculators.servqual import DIMENSIONS
from calculators.surveys import SurveyGaps, dimension_columns, example_survey_csv
from ui import cache, cards, expectations, state, uploads, widgets
from ui.charts import expectations as charts
from ui.frames import cell
from ui.nav import LOYALTY
from ui.widgets import Headline

SCORE_FIELDS = ("promised", "delivered", "perceived", "weight")
WHAT_IF_FIELD = "expectations.satisfied_to_delighted"
NPS_MODES = ("counts", "file")
WHAT_IF_WIDTHS = (1.4, 1.0, 1.0, 1.0)

widgets.page_intro("exp")
t = state.t
f = state.formatter()
names = charts.dimension_names(state.lang())

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
    report = cache.report(expectations_report, scenario)
    gaps = report.gaps
    weights = ", ".join(
        t("exp.weight_item", dimension=names[str(d)], share=f.percent(w))
        for d, w in gaps.table["weight"].items()
    )
    st.caption(t("exp.weights_equal" if gaps.equal_weights else "exp.weights", weights=weights))

# 2. The biggest gap, in a sentence, and the weighted gaps.
if gaps.largest is None:
    st.success(t("exp.biggest.none"), icon="✅")
else:
    st.warning(
        t(
            "exp.biggest.gap",
            dimension=names[gaps.largest],
            promised=f.score(cell(gaps.table, gaps.largest, "promised")),
            perceived=f.score(cell(gaps.table, gaps.largest, "perceived")),
        ),
        icon="🎯",
    )
st.caption(f"{t('common.how')} {t('exp.biggest.how')}")
weighted = (
    ("promise", gaps.weighted_promise_gap),
    ("perception", gaps.weighted_perception_gap),
    ("customer", gaps.weighted_customer_gap),
)
widgets.headline_row(
    [
        Headline(
            t(f"exp.metric.{name}"),
            t("exp.points", value=f.gap(value)),
            t(f"exp.metric.{name}_how"),
        )
        for name, value in weighted
    ]
)
left, right = st.columns(2)
with left:
    widgets.chart("exp", "radar", lambda: charts.gap_radar(gaps, f), (scenario.expectations, f))
with right:
    widgets.chart("exp", "bars", lambda: charts.gap_bars(gaps, f), (scenario.expectations, f))
cards.source_card("gap_model")

# 3. The seed's three rules, tied to the gaps above (the third to a survey, once uploaded).
survey = expectations.uploaded_survey(gaps.table["weight"].tolist())
survey_result = survey.result if survey is not None else None

st.header(t("exp.rules.title"))
for column, (title, text) in zip(
    st.columns(3), expectations.rules(gaps, survey_result, names, f), strict=True
):
    with column, st.container(border=True):
        st.markdown(f"**{title}**")
        st.markdown(text)

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
    t("exp.survey.upload"),
    type=expectations.FILE_TYPES,
    key=uploads.widget_key(expectations.SURVEY_UPLOAD),
    help=t("exp.survey.upload_help"),
)
uploads.privacy_note(
    expectations.SURVEY_UPLOAD,
    expectations.SURVEY_UPLOAD,
    has_file=expectations.has_file(expectations.SURVEY_UPLOAD),
)
if survey is not None and survey.issues:
    expectations.show_issues(survey.name, survey.issues, names, f)
if survey is not None and survey_result is not None:
    measured: SurveyGaps = survey_result  # narrowed here; the chart draws it in a callback
    st.caption(
        t(
            "exp.survey.loaded",
            name=widgets.shown_text(survey.name),
            n=f.number(survey_result.respondents),
            layout=t(f"exp.survey.layout_{survey_result.layout}"),
        )
    )
    overall = survey_result.overall
    if overall is None:
        st.info(t("exp.survey.overall_none"), icon="ℹ️")
    else:
        widgets.headline(
            t("exp.survey.overall"),
            t("exp.points", value=f.gap(overall.mean)),
            t(
                "exp.survey.overall_how",
                n=f.number(overall.n),
                interval=expectations.interval(overall.n, overall.low, overall.high, f),
            ),
        )
    widgets.chart(
        "exp",
        "survey",
        lambda: charts.survey_gap_points(measured, f),
        f,
        upload=survey.upload,
    )
    table = survey_result.table
    st.dataframe(
        {
            t("exp.survey.table.dimension"): [names[d] for d in table.index],
            t("exp.survey.table.n"): [f.number(n) for n in table["n"]],
            t("exp.survey.table.expected"): [f.score(v) for v in table["expected"]],
            t("exp.survey.table.perceived"): [f.score(v) for v in table["perceived"]],
            t("exp.survey.table.gap"): [f.gap(v) for v in table["gap"]],
            t("exp.survey.table.interval"): [
                expectations.interval(n, low, high, f)
                for n, low, high in zip(table["n"], table["low"], table["high"], strict=True)
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
    key=expectations.NPS_MODE,
    on_change=expectations.on_nps_mode,
)
nps, nps_upload = None, None
if mode == "counts":
    st.caption(t("exp.nps.counts_hint"))
    counts = expectations.nps_count_inputs()
    if sum(counts):
        nps = nps_from_counts(counts)
    else:
        st.info(t("exp.nps.none"), icon="ℹ️")
else:
    st.file_uploader(
        t("exp.nps.upload"),
        type=expectations.FILE_TYPES,
        key=uploads.widget_key(expectations.NPS_UPLOAD),
        help=t("exp.nps.upload_help"),
    )
    uploads.privacy_note(
        expectations.NPS_UPLOAD,
        expectations.NPS_UPLOAD,
        has_file=expectations.has_file(expectations.NPS_UPLOAD),
    )
    nps_file = expectations.uploaded_nps()
    if nps_file is None:
        st.info(t("exp.nps.no_file"), icon="ℹ️")
    elif nps_file.result is None:
        expectations.show_issues(nps_file.name, nps_file.issues, names, f)
    else:
        nps, nps_upload = nps_file.result, nps_file.upload
        st.caption(
            t("exp.nps.file_loaded", name=widgets.shown_text(nps_file.name), n=f.number(nps.n))
        )

if nps is not None:
    score: NetPromoterScore = nps  # narrowed here; the chart draws it in a callback
    promoters, passives, detractors = nps.shares
    widgets.headline_row(
        [
            Headline(
                t("exp.nps.score"),
                f.number(nps.nps),
                t(
                    "exp.nps.score_how",
                    promoters=f.percent(promoters),
                    detractors=f.percent(detractors),
                    n=f.number(nps.n),
                ),
            ),
            Headline(
                t("exp.nps.interval"),
                t("exp.survey.interval", low=f.number(nps.ci_low), high=f.number(nps.ci_high)),
                t("exp.nps.interval_how", se=f.number(nps.standard_error, 1)),
            ),
            Headline(
                t("exp.nps.split"),
                " · ".join(f.percent(share, 0) for share in (promoters, passives, detractors)),
                t("exp.nps.split_how"),
            ),
        ]
    )
    few_answers = expectations.few_answers_sentence(nps, f)
    if few_answers:
        st.warning(few_answers, icon="⚠️")
    widgets.chart("exp", "nps", lambda: charts.nps_split(score, f), (nps, f), upload=nps_upload)
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
    widgets.headline_row(
        [
            Headline(
                t("exp.whatif.moved"),
                f.number(what_if.customers_moved),
                t(
                    "exp.whatif.moved_how",
                    assumption=f.percent(what_if.assumption),
                    satisfied=f.percent(what_if.share_satisfied),
                    customers=f.number(scenario.business.active_customers),
                ),
            ),
            Headline(
                t("exp.whatif.retention"),
                f.before_after(
                    f.percent(what_if.retention_before), f.percent(what_if.retention_after)
                ),
                t(
                    "exp.whatif.retention_how",
                    delighted=f.percent(link.retention.extremely_satisfied),
                    satisfied=f.percent(link.retention.satisfied),
                ),
            ),
            Headline(
                t("exp.whatif.value"),
                f.money(what_if.value),
                t(
                    "exp.whatif.value_how",
                    delighted=f.money(link.value_extremely_satisfied),
                    satisfied=f.money(link.value_satisfied),
                    years=f.number(scenario.loyalty.horizon_years),
                ),
                link=LOYALTY,
            ),
        ],
        columns=cols[1:],
    )
cards.source_card("delighted_6x")
