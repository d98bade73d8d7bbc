"""Tests for calculators.reports.expectations: the page's report from the scenario and the
what-if of closing the perception gap, against the Loyalty page's own link.

The default scenario, by dimension (promised / delivered / perceived, weight):
tangibles 5 / 5 / 5 (1), reliability 6.5 / 5.5 / 5 (3), responsiveness 6 / 5 / 4 (2.5),
assurance 6 / 5.5 / 5.5 (2), empathy 5.5 / 5 / 4.5 (1.5). Weights sum to 10, so normalised
0.10, 0.30, 0.25, 0.20, 0.15.
"""

import pytest

from calculators.reports.expectations import expectations_report, perception_what_if
from calculators.reports.loyalty import loyalty_report
from calculators.satisfaction import SATISFACTION_SHIFT
from calculators.scenario import Scenario, scenario_from_values
from calculators.servqual import DIMENSIONS


def test_the_report_reads_the_scenario():
    report = expectations_report(Scenario())
    assert report.gaps.largest == "responsiveness"
    moved = scenario_from_values({"expectations.responsiveness.perceived": 6.0})
    assert expectations_report(moved).gaps.largest == "reliability"


def test_what_if_moves_the_stated_share_of_satisfied_customers():
    what_if = perception_what_if(Scenario())
    # 20 % of the 50 % who rate 4/5 = 10 % of 1,000 customers.
    assert what_if.applies
    assert what_if.assumption == 0.20
    assert what_if.moved_share == pytest.approx(0.10)
    assert what_if.customers_moved == pytest.approx(100)
    # r5 = 0.9515, r4 = 0.7091 (the Loyalty page's link): 0.8 + 0.1 x (r5 - r4).
    assert what_if.retention_after == pytest.approx(0.8242, abs=1e-4)
    assert what_if.value == pytest.approx(100 * what_if.link.value_per_customer_moved)


def test_what_if_matches_the_loyalty_page_for_the_same_shift():
    scenario = Scenario()
    # The default assumption moves exactly the Loyalty page's own shift (10 % of customers).
    assert perception_what_if(scenario).moved_share == SATISFACTION_SHIFT
    page = loyalty_report(scenario).satisfaction
    ours = perception_what_if(scenario).link
    assert ours.retention_after_shift == pytest.approx(page.retention_after_shift)
    assert ours.value_of_shift == pytest.approx(page.value_of_shift)


def test_what_if_rises_with_the_assumption_and_is_zero_without_it():
    values = [
        perception_what_if(
            scenario_from_values({"expectations.satisfied_to_delighted": share})
        ).retention_after
        for share in (0.0, 0.2, 0.6, 1.0)
    ]
    assert values[0] == pytest.approx(0.8)
    assert values == sorted(values)


def test_no_perception_gap_means_nothing_to_close():
    closed = {f"expectations.{d}.perceived": 7.0 for d in DIMENSIONS}
    assert not perception_what_if(scenario_from_values(closed)).applies
