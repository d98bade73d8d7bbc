"""Your data: measure retention from the owner's own sales export and put it into the scenario."""

import streamlit as st

from calculators.reports.your_data import FIGURE_PATHS, CohortReport, lifetime_values
from calculators.transactions import MAX_FILE_MB
from ui import cards, state, uploads, widgets
from ui import your_data as data
from ui.charts import your_data as charts

PREVIEW_ROWS = 5

widgets.page_intro("data")
t = state.t
f = state.formatter()

# 1. The file.
with st.container(border=True):
    st.subheader(t("data.upload.title"))
    upload_column, sample_column = st.columns([3, 1], vertical_alignment="center")
    upload_column.file_uploader(
        t("data.upload.label"),
        type=data.FILE_TYPES,
        key=uploads.widget_key(data.UPLOAD),
        on_change=data.on_upload,
        help=t("data.upload.help", max=f.number(MAX_FILE_MB)),
    )
    sample_column.button(
        t("data.upload.sample"),
        key="data.sample",
        on_click=data.on_sample,
        icon="🧪",
        help=t("data.upload.sample_help"),
        width="stretch",
    )
    st.caption(t("data.upload.formats"))
    uploads.privacy_note(
        data.SLOT,
        data.UPLOAD,
        has_file=data.has_own_file(),
        on_forget=data.on_forget,
        kept_note=data.kept_note(),
    )
    source = data.source()
    if source is None:
        st.info(t("data.upload.none"), icon="ℹ️")
        st.stop()
    shown_name = t("data.upload.sample_name") if source.sample else source.name
    st.caption(t("data.upload.showing", name=widgets.shown_text(shown_name)))
    file_format, problems = data.sniffed(source)
    if file_format is None:
        data.show_failure(source.name, problems)
        data.other_sheets(source)
        st.stop()

# 2. Which column is which; for e-invoices, what the archive held and whose sales they are.
with st.container(border=True):
    first_new = data.first_cohort_new()
    window = data.window()
    period = data.period()
    if file_format.invoices:
        st.subheader(t("data.invoices.title"))
        reading = data.Reading((), first_new, window, period, seller=data.seller())
    else:
        st.subheader(t("data.map.title"))
        st.caption(t("data.map.caption"))
        data.sheet_input(file_format)
        mapping = data.chosen_mapping(file_format)
        with st.expander(t("data.map.preview")):
            st.dataframe(data.preview(file_format, PREVIEW_ROWS), width="stretch", hide_index=True)
        reading = data.Reading(
            mapping, first_new, window, period, data.date_reading(), data.decimal_choice()
        )
    with st.spinner(t("data.reading"), show_time=True):
        analysis = data.analysed(source, file_format, reading)
    if file_format.invoices:
        data.invoices_box(analysis.invoices)
    summary, report = analysis.summary, analysis.report
    if summary is None or report is None:
        data.show_failure(source.name, analysis.issues)
        st.stop()
    cohorts: CohortReport = report  # checked above; charts below draw it in callbacks
    first_period = f.period(report.periods[0])
    data.first_cohort_toggle(report)

# 3. What was read.
st.header(t("data.summary.title"))
cols = st.columns([1, 1, 2, 1])  # the period needs room for two months
cols[0].metric(t("data.summary.rows"), f.number(summary.rows))
cols[1].metric(t("data.summary.customers"), f.number(summary.customers))
cols[2].metric(
    t("data.summary.period"),
    t(
        "data.summary.period_value",
        start=f.month(summary.first_date),
        end=f.month(summary.last_date),
    ),
    help=t(
        "data.summary.period_value",
        start=f.day(summary.first_date),
        end=f.day(summary.last_date),
    ),
)
cols[3].metric(t("data.summary.skipped"), f.number(summary.skipped_rows))
st.caption(data.format_text(summary))
data.date_reading_input(summary)
data.decimal_input(summary, f)
if not summary.has_amounts:
    st.info(t("data.summary.no_amounts"), icon="ℹ️")
for issue in summary.skipped:
    st.warning(data.issue_text(issue, summary.rows), icon="⚠️")
if summary.refunds is not None:
    st.info(data.issue_text(summary.refunds), icon="↩️")
if report.incomplete_year is not None:
    key = (
        "data.summary.incomplete_left_out"
        if report.left_out_rows
        else "data.summary.incomplete_kept"
    )
    st.info(
        t(
            f"{key}.{period}",
            period=f.period(report.incomplete_period or ""),
            date=f.day(summary.last_date),
            rows=f.number(report.left_out_rows),
        ),
        icon="📅",
    )
if len(report.periods) < 2:
    st.warning(t(f"data.summary.one_period.{period}", period=first_period), icon="⚠️")

# 4. What "still a customer" means: the period and the window N every figure below uses.
st.header(t("data.measure.title"))
with st.container(border=True):
    data.period_input()
    data.window_input()

# 5. The measured figures, into the scenario on request.
st.header(t("data.figures.title"))
figures = report.figures
business = state.scenario().business
# Amounts like 1.500 not yet settled by the user: no revenue figure until they are.
pending = data.decimal_pending(summary)
offered = {
    path: value
    for path, value in figures.values().items()
    if not (pending and path == FIGURE_PATHS["revenue_per_customer"])
}
with st.container(border=True):
    st.markdown(t("data.figures.intro"))
    cols = st.columns(len(FIGURE_PATHS))
    for column, (name, path) in zip(cols, FIGURE_PATHS.items(), strict=True):
        value = offered.get(path)
        now = getattr(business, path.removeprefix("business."))
        with column:
            withheld = pending and name == "revenue_per_customer"
            widgets.headline(
                widgets.label(path),
                t("data.figures.pending") if withheld else data.figure_value(path, value, f),
                t("data.figures.decimal_pending") if withheld else data.figure_how(name, figures),
            )
            st.caption(t("data.figures.now", value=data.figure_value(path, now, f)))
            st.checkbox(
                t("data.figures.use"),
                value=value is not None,
                # Another widget while there is no figure: ticked afresh once there is one.
                key=data.use_key(path) if value is not None else f"{data.use_key(path)}.none",
                disabled=value is None,
            )
    st.caption(t("data.figures.currency", currency=business.currency))
    st.button(
        t("data.figures.apply"),
        key="data.apply",
        type="primary",
        icon="📥",
        on_click=data.on_apply,
        args=(offered,),
        disabled=not offered,
    )
    data.applied_notice()


# 6. Cohorts. Every chart is drawn from the file with these column choices, once per language.
drawn, upload = (reading, f), source.upload
st.header(t("data.cohorts.title"))
cohorts_text = "data.cohorts" if period == "year" else f"data.cohorts_period.{period}"
how_key = f"{cohorts_text}.how" if window == 1 else f"{cohorts_text}.how_window"
st.caption(t(how_key, years=window))
widgets.chart("data", "heatmap", lambda: charts.cohort_heatmap(cohorts, f), drawn, upload=upload)
widgets.chart(
    "data", "customers", lambda: charts.customers_per_year(cohorts, f), drawn, upload=upload
)
st.caption(data.retention_by_period_text(report, pending=pending))
widgets.chart(
    "data",
    "retention",
    lambda: charts.retention_by_period(cohorts, f, revenue=not pending),
    drawn,
    upload=upload,
)

# 7. Retention by tenure: measured, fitted, constant.
st.header(t("data.tenure.title"))
cohort_list = ", ".join(f.period(cohort) for cohort in report.tenure_cohorts)
tenure_text = "data.tenure" if period == "year" else f"data.tenure_period.{period}"
st.caption(t(f"{tenure_text}.how", cohorts=cohort_list, years=window))
if not report.first_cohort_included:
    st.caption(data.first_year_text("data.tenure.first_left_out", report))
if report.alpha is not None and report.beta is not None:
    st.caption(
        t(
            f"{tenure_text}.params",
            alpha=f.number(report.alpha, 2),
            beta=f.number(report.beta, 2),
            first=f.percent(report.tenure["fitted"].iloc[0]),
            year=f.number(len(report.tenure)),
            last=f.percent(report.tenure["fitted"].iloc[-1]),
        )
    )
else:
    st.info(t("data.tenure.no_fit"), icon="ℹ️")
if not report.contract_like and report.returning_share is not None:
    st.warning(
        t("data.tenure_extra.not_contract_like", share=f.percent(report.returning_share, 0)),
        icon="⚠️",
    )
left, right = st.columns(2)
with left:
    widgets.chart(
        "data", "tenure", lambda: charts.tenure_retention(cohorts, f), drawn, upload=upload
    )
with right:
    widgets.chart(
        "data", "survival", lambda: charts.survival_curves(cohorts, f), drawn, upload=upload
    )

# 8. Revenue per customer and what a new customer is worth (only with amounts in the file).
st.header(t("data.value.title"))
if not report.has_amounts:
    st.info(t("data.value_extra.no_amounts"), icon="ℹ️")
    cards.source_card("sbg")
    st.stop()
if pending:
    st.info(t("data.value_extra.decimal_pending"), icon="ℹ️")
    cards.source_card("sbg")
    st.stop()
widgets.chart(
    "data", "revenue", lambda: charts.revenue_per_customer(cohorts, f), drawn, upload=upload
)
values = lifetime_values(report, business.gross_margin, business.discount_rate)
measured_retention = data.figure_value("business.retention", figures.retention, f)
measured_revenue = data.figure_value(
    "business.revenue_per_customer", figures.revenue_per_customer, f
)
widgets.headline_row(
    [
        widgets.Headline(
            t("data.value.constant", retention=measured_retention)
            if figures.retention is not None
            else t("data.value.constant_unmeasured"),
            f.optional(f.money, values.constant),
            t(
                "data.value.constant_how",
                margin=f.money(values.margin),
                revenue=measured_revenue,
                gross=f.percent(business.gross_margin),
                discount=f.percent(business.discount_rate),
            ),
        ),
        widgets.Headline(
            t("data.value.sbg"),
            f.optional(f.money, values.sbg),
            t("data.value.sbg_how", discount=f.percent(business.discount_rate)),
        ),
    ]
)
comparison = data.value_comparison(values, measured_retention, f)
if comparison is not None:
    st.markdown(comparison)
st.caption(t("data.value.note"))
cards.source_card("sbg")
