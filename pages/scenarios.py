"""Scenarios: compare up to four side by side, export the comparison, see what moves a result."""

import streamlit as st

from calculators.compare import (
    HEADLINES,
    HEADLINES_BY_ID,
    MAX_COMPARED,
    SENSITIVITY_SPAN,
    differing_inputs,
    headline_table,
    headline_values,
    sensitivity,
    to_csv,
)
from calculators.scenario import FIELDS, ScenarioError, flatten, load_scenario
from ui import state, widgets
from ui.charts import compare as charts
from ui.charts.base import cached_figure, plotly_config
from ui.scenario_tools import presets

SELECTED = "compare.selected"
UPLOADS = "compare.uploads"
UPLOADED = "compare.uploaded"
UPLOAD_ISSUES = "compare.upload_issues"
SENSITIVITY_RESULT = "compare.sensitivity_result"
SENSITIVITY_RESULTS = (
    "clv",
    "firm_profit_steady",
    "value_at_risk",
    "replacement_cost",
    "program_net_gain",
)
TORNADO_ROWS = 10


def _on_upload() -> None:
    uploaded = st.session_state.setdefault(UPLOADED, {})
    problems = {}
    for file in st.session_state.get(UPLOADS) or []:
        try:
            uploaded[file.name] = load_scenario(file.getvalue())
        except ScenarioError as error:
            problems[file.name] = error.issues
    st.session_state[UPLOAD_ISSUES] = problems


state.require_app()
t = state.t
f = state.formatter()
lang = state.lang()
st.title(t("cmp.title"))
st.markdown(t("cmp.intro"))

# Which scenarios: the current one, the presets, and files uploaded here.
all_presets, _ = presets()
choices = {"current": t("cmp.current")}
choices.update({f"preset:{pid}": preset.name[lang] for pid, preset in all_presets.items()})
scenarios_by_choice = {"current": state.scenario()}
scenarios_by_choice.update({f"preset:{pid}": p.scenario for pid, p in all_presets.items()})
for name, uploaded in st.session_state.get(UPLOADED, {}).items():
    choices[f"file:{name}"] = t("cmp.file", name=name)
    scenarios_by_choice[f"file:{name}"] = uploaded

with st.container(border=True):
    st.file_uploader(
        t("cmp.upload"),
        type=["yaml", "yml"],
        accept_multiple_files=True,
        key=UPLOADS,
        on_change=_on_upload,
        help=t("scn.load_help"),
    )
    for name, issues in (st.session_state.get(UPLOAD_ISSUES) or {}).items():
        lines = "\n".join(f"- {widgets.issue_message(issue)}" for issue in issues)
        st.error(f"{t('cmp.upload_failed', name=widgets.shown_text(name))}\n\n{lines}", icon="🚫")
    if SELECTED not in st.session_state:
        st.session_state[SELECTED] = ["current", *list(choices)[1:3]]
    st.session_state[SELECTED] = [c for c in st.session_state[SELECTED] if c in choices]
    st.multiselect(
        t("cmp.choose", max=MAX_COMPARED),
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


def _format_result(headline_id: str, value: float) -> str:
    return widgets.format_measure(HEADLINES_BY_ID[headline_id].unit, value, f)


result_titles = {h.id: t(f"cmp.result.{h.id}") for h in HEADLINES}
st.header(t("cmp.results"))
shown_results = results.apply(
    lambda column: [_format_result(hid, v) for hid, v in column.items()]
).rename(index=result_titles)
st.dataframe(
    shown_results.rename_axis(None).style.apply(widgets.highlight_differences, axis=1),
    width="stretch",
    height=widgets.table_height(len(shown_results)),
)
bars = cached_figure(
    ("compare_bars", tuple(names), tuple(map(tuple, results.to_numpy())), f),
    lambda: charts.headline_bars(
        results,
        result_titles,
        {h.id: (lambda v, hid=h.id: _format_result(hid, v)) for h in HEADLINES},
        f,
        t("cmp.chart_title"),
    ),
)
st.plotly_chart(
    bars,
    width="stretch",
    key="compare_chart",
    config=plotly_config(t("cmp.files.chart")),
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
    st.dataframe(
        shown_inputs.rename_axis(None).style.apply(widgets.highlight_differences, axis=1),
        width="stretch",
        height=widgets.table_height(len(shown_inputs)),
    )

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
st.caption(t("cmp.sensitivity.how", span=f.percent(SENSITIVITY_SPAN)))
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
    tornado = cached_figure(
        ("compare_tornado", current, result_id, f),
        lambda: charts.tornado(
            table,
            row_labels,
            headline_values(current)[result_id],
            lambda v: _format_result(result_id, v),
            f,
            title=t("cmp.sensitivity.chart", result=labels[result_id]),
            x_title=labels[result_id],
            low_name=t("cmp.sensitivity.low"),
            high_name=t("cmp.sensitivity.high"),
        ),
    )
    st.plotly_chart(
        tornado,
        width="stretch",
        key="compare_tornado",
        config=plotly_config(t("cmp.files.tornado")),
    )
