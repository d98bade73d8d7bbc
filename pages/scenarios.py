"""Scenarios: compare up to four side by side, export the comparison, see what moves a result."""

from functools import partial

import streamlit as st

from calculators.compare import (
    HEADLINES,
    MAX_COMPARED,
    differing_inputs,
    headline_table,
    headline_values,
    sensitivity,
    to_csv,
)
from calculators.scenario import FIELDS, flatten
from ui import compare, plain, state, uploads, widgets
from ui.charts import compare as charts

SELECTED = "compare.selected"
SENSITIVITY_RESULT = "compare.sensitivity_result"
SENSITIVITY_RESULTS = (
    "clv",
    "firm_profit_steady",
    "value_at_risk",
    "replacement_cost",
    "program_net_gain",
)
TORNADO_ROWS = 10

widgets.page_intro("cmp")
t = state.t
f = state.formatter()

# Which scenarios: the current one, the presets, and files uploaded here.
choices, scenarios_by_choice = compare.choices()
with st.container(border=True):
    st.file_uploader(
        t("cmp.upload"),
        type=["yaml", "yml"],
        accept_multiple_files=True,
        key=compare.UPLOADS,
        on_change=compare.on_upload,
        help=t("scn.load_help"),
    )
    st.caption(uploads.privacy_text("scenario"))
    for name, issues in compare.upload_issues().items():
        widgets.issues_error(t("cmp.upload_failed", name=plain.quoted(name)), issues)
    if SELECTED not in st.session_state:
        st.session_state[SELECTED] = [compare.choice_id("current"), *list(choices)[1:3]]
    st.session_state[SELECTED] = [c for c in st.session_state[SELECTED] if c in choices]
    st.multiselect(
        t("cmp.choose", max=f.number(MAX_COMPARED)),
        options=list(choices),
        format_func=choices.__getitem__,
        max_selections=MAX_COMPARED,
        key=SELECTED,
    )

selected = st.session_state[SELECTED]
if not selected:
    st.info(t("cmp.none"), icon="ℹ️")
    st.stop()

compared = {choices[c]: scenarios_by_choice[c] for c in selected}
names = list(compared)
results = headline_table(compared)
inputs = differing_inputs(compared)
result_titles = {h.id: t(f"cmp.result.{h.id}") for h in HEADLINES}
st.header(t("cmp.results"))
shown_results = results.apply(
    lambda column: [compare.format_result(hid, v, f) for hid, v in column.items()]
).rename(index=result_titles)
widgets.comparison_table(shown_results)
widgets.chart(
    "cmp",
    "chart",
    lambda: charts.headline_bars(
        results,
        result_titles,
        {h.id: partial(compare.format_result, h.id, f=f) for h in HEADLINES},
        f,
        t("cmp.chart_title"),
    ),
    (tuple(names), tuple(map(tuple, results.to_numpy())), f),
)

st.header(t("cmp.inputs"))
if inputs.empty:
    st.caption(t("cmp.same_inputs"))
else:
    shown_inputs = inputs.apply(
        lambda column: [
            widgets.format_value(FIELDS[path], value, f) for path, value in column.items()
        ]
    ).rename(index=lambda path: widgets.label(path))
    widgets.comparison_table(shown_inputs)

csv_rows = [[t("cmp.csv.section"), t("cmp.csv.item"), *names]]
csv_rows += [[t("cmp.results"), result_titles[hid], *results.loc[hid]] for hid in results.index]
csv_rows += [[t("cmp.inputs"), widgets.label(path), *inputs.loc[path]] for path in inputs.index]
st.download_button(
    t("cmp.download"),
    data=to_csv(csv_rows),
    file_name=t("cmp.files.csv") + ".csv",
    mime="text/csv",
    on_click="ignore",
    icon="⬇️",
    key="compare.download",
)

# Sensitivity of one result of the current scenario.
st.header(t("cmp.sensitivity.title"))
ranges = compare.sensitivity_ranges(f)
st.caption(t("cmp.sensitivity.how", ranges=ranges))
labels = {rid: result_titles[rid] for rid in SENSITIVITY_RESULTS}
st.selectbox(
    t("cmp.sensitivity.result"),
    options=list(labels),
    format_func=labels.__getitem__,
    key=SENSITIVITY_RESULT,
)
result_id = st.session_state[SENSITIVITY_RESULT]
current = state.scenario()
with st.spinner(t("cmp.sensitivity.computing")):
    table = sensitivity(current, result_id).head(TORNADO_ROWS)
base_inputs = flatten(current)
if table.empty:
    st.info(t("cmp.sensitivity.flat"), icon="ℹ️")
else:
    row_labels = [
        t(
            "cmp.sensitivity.row",
            label=widgets.label(path),
            base=widgets.format_value(FIELDS[path], base_inputs[path], f),
            low=widgets.format_value(FIELDS[path], low, f),
            high=widgets.format_value(FIELDS[path], high, f),
        )
        for path, low, high in zip(table["path"], table["low"], table["high"], strict=True)
    ]
    widgets.chart(
        "cmp",
        "tornado",
        lambda: charts.tornado(
            table,
            row_labels,
            headline_values(current)[result_id],
            lambda v: compare.format_result(result_id, v, f),
            f,
            title=t("cmp.sensitivity.chart", result=labels[result_id]),
            x_title=labels[result_id],
            low_name=t("cmp.sensitivity.low"),
            high_name=t("cmp.sensitivity.high"),
            note=t("cmp.sensitivity.chart_note", ranges=ranges),
        ),
        (current, result_id, f),
    )
