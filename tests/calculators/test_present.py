"""Trainer mode's steps: headline numbers by hand, class numbers that move them, famous figures.

Defaults: 1,000 customers, €1,000 revenue × 30% = €300 margin, 80% retention, 8% discount,
CAC €250, 6 complaints at 4%, an unhappy customer tells 9, a happy one 5.
"""

import math

import pytest

from calculators.present import (
    FAMOUS_FIGURES,
    SAME_WITHIN,
    VERDICTS_ON_YOUR_NUMBERS,
    customer_base_value,
    famous_figures,
    myths_step,
    service_recovery,
)
from calculators.reports.loyalty import loyalty_report
from calculators.scenario import FIELDS, Scenario, apply_values, default_scenario
from calculators.uplift import QUOTED_PROFIT_RANGE
from calculators.word_of_mouth import LoyaltyRates
from ui.present import STEPS, presentation_step, presentation_steps
from ui.presets import load_presets

CLV = 300 / (1 + 0.08 - 0.8)  # €1,071.43


def with_values(**values: object) -> Scenario:
    scenario, issues = apply_values(
        default_scenario(), {k.replace("__", "."): v for k, v in values.items()}
    )
    assert issues == []
    return scenario


def headline(scenario: Scenario, step: str, entered: frozenset[str] = frozenset()) -> float:
    return presentation_step(scenario, step, entered).headline


def test_nine_steps_in_the_story_order():
    assert STEPS == (
        "why",
        "acquisition",
        "iceberg",
        "word_of_mouth",
        "recovery",
        "profit",
        "delighted",
        "expectations",
        "myths",
    )
    assert len(presentation_steps(default_scenario())) == len(STEPS)


def test_default_headlines_by_hand():
    s = default_scenario()
    # 1,000 customers × €300 / (1.08 − 0.8).
    assert headline(s, "why") == pytest.approx(1000 * CLV)
    # 200 customers lost × €250.
    assert headline(s, "acquisition") == pytest.approx(50_000)
    # 6 complaints ÷ 4%.
    assert headline(s, "iceberg") == pytest.approx(150)
    # 144 silent + 2.4 unresolved complainers = 146.4 unhappy, × 9 people each.
    assert headline(s, "word_of_mouth") == pytest.approx(146.4 * 9)
    # Small problems: (95% − 46%) of a customer kept per complaint × CLV.
    assert headline(s, "recovery") == pytest.approx(0.49 * CLV)
    # The Loyalty page's per-customer change, +36.1%.
    assert headline(s, "profit") == pytest.approx(0.3608, abs=1e-4)
    # The Loyalty page's value of moving one customer from 4/5 to 5/5.
    assert headline(s, "delighted") == pytest.approx(2969.02, abs=0.01)
    # The Expectations page's weighted customer gap, −1.2 points.
    assert headline(s, "expectations") == pytest.approx(-1.2)
    # Nothing entered: a default is the quoted figure itself, so no famous figure is checked.
    assert headline(s, "myths") == 0


def test_each_step_names_three_or_four_class_numbers_that_exist():
    for step_id, step in zip(STEPS, presentation_steps(default_scenario()), strict=True):
        assert 3 <= len(step.fields) <= 4, step_id
        assert all(path in FIELDS for path in step.fields), step_id


def _moved(path: str, scenario: Scenario) -> object:
    """A clearly different valid value for the field at `path`."""
    spec = FIELDS[path]
    node: object = scenario
    for part in path.split("."):
        node = getattr(node, part)
    if spec.kind == "choice":
        return next(choice for choice in spec.choices if choice != node)
    if spec.unit == "ratio":
        return node * 2
    value = node * 0.5 if node else spec.high
    return int(value) if spec.kind == "int" else value


@pytest.mark.parametrize("step", STEPS)
def test_the_first_class_number_moves_the_headline(step):
    s = default_scenario()
    path = presentation_step(s, step).fields[0]
    moved = with_values(**{path.replace(".", "__"): _moved(path, s)})
    # The class typed it: the value is theirs (the famous figures are checked only on those).
    assert headline(moved, step, frozenset({path})) != headline(s, step)


# Class numbers that move what the step says (its sentence and chart) but not its headline.
NOT_IN_HEADLINE = {
    ("acquisition", "acquisition.acquire_to_retain_ratio"),  # the cost of keeping, by the rule
    ("word_of_mouth", "word_of_mouth.tell_positive"),  # the balance, 9 against 5
    ("expectations", "expectations.responsiveness.delivered"),  # promise and perception gaps
}
# Values that show the effect: active customers cap the iceberg only when fewer than 150.
MOVES = {("iceberg", "business.active_customers"): 100}


@pytest.mark.parametrize("step", STEPS)
def test_class_numbers_move_the_headline(step):
    s = default_scenario()
    for path in presentation_step(s, step).fields:
        value = MOVES.get((step, path), _moved(path, s))
        moved = with_values(**{path.replace(".", "__"): value})
        changed = headline(moved, step, frozenset({path})) != headline(s, step)
        assert changed == ((step, path) not in NOT_IN_HEADLINE), path


def test_customer_base_value_is_customers_times_clv():
    assert customer_base_value(1000, CLV) == pytest.approx(1_071_428.57, abs=0.01)
    assert customer_base_value(0, CLV) == 0


def test_service_recovery_for_large_problems():
    small = LoyaltyRates(0.37, 0.46, 0.70, 0.95)
    large = LoyaltyRates(0.09, 0.19, 0.54, 0.82)
    recovery = service_recovery(small, large, "large", 1000)
    assert recovery.rates is large
    assert recovery.kept_per_complaint == pytest.approx(0.63)
    assert recovery.value_per_complaint == pytest.approx(630)


def test_service_recovery_rejects_an_unknown_size():
    rates = LoyaltyRates(0.37, 0.46, 0.70, 0.95)
    with pytest.raises(ValueError, match="size"):
        service_recovery(rates, rates, "medium", 1000)


def test_recovery_step_follows_the_problem_size():
    large = with_values(word_of_mouth__problem_size="large")
    step = presentation_step(large, "recovery")
    assert step.headline == pytest.approx((0.82 - 0.19) * CLV)
    assert step.fields[1] == "word_of_mouth.loyalty_large.resolved_quickly"


def test_profit_step_offers_the_uplift_the_scenario_reads():
    relative = with_values(retention_program__uplift_mode="relative")
    assert "retention_program.relative_uplift" in presentation_step(relative, "profit").fields
    points = presentation_step(default_scenario(), "profit").fields
    assert "retention_program.retention_uplift" in points


def test_profit_headline_is_none_when_a_customer_is_worth_nothing_today():
    # No revenue and no acquisition cost: the value before is 0, a relative change has no meaning.
    free = with_values(business__revenue_per_customer=0.0, business__acquisition_cost=0.0)
    assert presentation_step(free, "profit").headline is None


def test_expectations_step_edits_the_biggest_gap():
    step = presentation_step(default_scenario(), "expectations")
    assert step.report.dimension == "responsiveness"
    assert step.fields == (
        "expectations.responsiveness.promised",
        "expectations.responsiveness.delivered",
        "expectations.responsiveness.perceived",
    )


def by_source(scenario: Scenario, *entered: str) -> dict:
    return {f.source: f for f in famous_figures(scenario, frozenset(entered))}


WITH_A_NUMBER = [
    "retention_profit",
    "delighted_6x",
    "complain_4pct",
    "tell_9_vs_5",
    "recovery_95pct",
    "acquire_5x",
    "replace_1_to_10",
]
NO_NUMBER = ["never_complain_70pct", "leave_68pct", "silent_leavers_90pct", "first_60s"]
# Acquisition cost and margin per customer: what "1 lost takes 10 to replace" is computed from.
REPLACE_INPUTS = (
    "business.acquisition_cost",
    "business.revenue_per_customer",
    "business.gross_margin",
)


def test_famous_figures_cover_the_seed_figures_in_order():
    figures = famous_figures(default_scenario())
    assert [f.source for f in figures] == list(FAMOUS_FIGURES)
    assert [f.source for f in figures if f.verdict == "no_number"] == NO_NUMBER
    assert [f.source for f in figures if f.verdict == "not_checked"] == WITH_A_NUMBER


def test_untouched_defaults_get_no_verdict():
    # The defaults are the quoted figures (and CAC €250 / margin €300 = €0.83 is the example's,
    # not the owner's): nothing holds or differs until the user gives a number.
    figures = famous_figures(default_scenario())
    assert all(f.verdict not in VERDICTS_ON_YOUR_NUMBERS for f in figures)
    assert {f.verdict for f in figures} == {"not_checked", "no_number"}
    assert myths_step(default_scenario()).headline == 0


def test_values_the_user_did_not_give_get_no_verdict():
    # The scenario holds 3 (a preset, say), but the user never entered it: no verdict.
    scenario = with_values(word_of_mouth__tell_negative=3)
    assert by_source(scenario)["tell_9_vs_5"].verdict == "not_checked"
    # Once entered, 3 against the quoted 9 is more than 10% off.
    assert by_source(scenario, "word_of_mouth.tell_negative")["tell_9_vs_5"].verdict == "differs"


@pytest.mark.parametrize("preset", load_presets()[0], ids=lambda p: p.id)
def test_a_preset_gives_no_verdict(preset):
    # Preset values are illustrative, not evidence.
    figures = famous_figures(preset.scenario)
    assert all(f.verdict not in VERDICTS_ON_YOUR_NUMBERS for f in figures), preset.id
    assert myths_step(preset.scenario).headline == 0


def test_a_figure_holds_within_ten_percent_and_differs_beyond():
    figure = by_source(with_values(word_of_mouth__tell_negative=9.5), "word_of_mouth.tell_negative")
    assert figure["tell_9_vs_5"].verdict == "holds"  # |9.5 − 9| = 0.5 ≤ 0.9
    assert figure["tell_9_vs_5"].verdict == "holds"
    figure = by_source(with_values(word_of_mouth__tell_negative=3), "word_of_mouth.tell_negative")
    assert figure["tell_9_vs_5"].verdict == "differs"
    assert figure["tell_9_vs_5"].yours == (3.0, 5.0)
    assert SAME_WITHIN == 0.10


def test_only_the_values_the_user_gave_are_compared():
    # 3 people told (not the user's) would differ from 9; the user's 5.2 is within 10% of 5.
    scenario = with_values(word_of_mouth__tell_negative=3, word_of_mouth__tell_positive=5.2)
    assert by_source(scenario, "word_of_mouth.tell_positive")["tell_9_vs_5"].verdict == "holds"


def test_the_class_replacing_figures_raises_the_myths_count():
    entered = {
        "word_of_mouth.tell_negative": 3,  # against 9
        "word_of_mouth.complaint_share": 0.3,  # against 4%
        "acquisition.acquire_to_retain_ratio": 2,  # against 5
        "loyalty.repurchase_ratio": 2,  # against 6
    }
    replaced = with_values(**{path.replace(".", "__"): v for path, v in entered.items()})
    assert headline(replaced, "myths") == 0
    step = presentation_step(replaced, "myths", frozenset(entered))
    assert step.headline == 4
    assert sorted(f.source for f in step.report if f.verdict == "differs") == [
        "acquire_5x",
        "complain_4pct",
        "delighted_6x",
        "tell_9_vs_5",
    ]


def test_replace_rule_holds_when_acquiring_costs_ten_times_the_margin():
    # CAC €3,000 on €300 margin: replacing 1 € of margin lost costs 10 €, as folklore says.
    scenario = with_values(business__acquisition_cost=3000)
    figure = by_source(scenario, *REPLACE_INPUTS)["replace_1_to_10"]
    assert figure.yours == (pytest.approx(10),)
    assert figure.verdict == "holds"


def test_replace_rule_needs_the_users_cost_and_margin():
    # The user typed the acquisition cost, but the €300 margin is still the example's.
    scenario = with_values(business__acquisition_cost=3000)
    figure = by_source(scenario, "business.acquisition_cost")["replace_1_to_10"]
    assert figure.verdict == "not_checked"


def test_replace_rule_is_not_checked_without_margin():
    no_margin = with_values(business__gross_margin=0.0)
    figure = by_source(no_margin, *REPLACE_INPUTS)["replace_1_to_10"]
    assert figure.yours == ()
    assert figure.verdict not in VERDICTS_ON_YOUR_NUMBERS


def test_retention_profit_shows_the_users_change_with_no_verdict():
    inputs = (*REPLACE_INPUTS, "business.retention")
    for scenario in (
        default_scenario(),
        with_values(retention_program__retention_uplift=0.01),  # a small change
        with_values(business__retention=0.5),
    ):
        figure = by_source(scenario, *inputs)["retention_profit"]
        assert figure.quoted == QUOTED_PROFIT_RANGE
        assert figure.yours == (loyalty_report(scenario).impact.per_customer.relative_change,)
        # The reported range is what a few firms found, not a benchmark the owner passes.
        assert figure.verdict == "no_verdict"
        assert figure.verdict not in VERDICTS_ON_YOUR_NUMBERS
    assert by_source(default_scenario())["retention_profit"].verdict == "not_checked"


def test_unknown_step_is_refused():
    with pytest.raises(ValueError, match="step must be one of"):
        presentation_step(default_scenario(), "finale")


def test_every_headline_is_finite_for_extreme_scenarios():
    extremes = [
        with_values(business__retention=0.99, business__active_customers=0),
        with_values(business__retention=0.0, word_of_mouth__complaint_share=1.0),
        with_values(business__revenue_per_customer=100_000_000, business__gross_margin=1.0),
        with_values(word_of_mouth__tell_positive=0, word_of_mouth__complaints_per_year=0),
    ]
    for scenario in extremes:
        for step_id, step in zip(STEPS, presentation_steps(scenario), strict=True):
            assert step.headline is None or math.isfinite(step.headline), step_id
