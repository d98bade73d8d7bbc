"""Expectations gap: gaps checked by hand, the Net Promoter Score and its interval, survey files.

The default scenario, by dimension (promised / delivered / perceived, weight):
tangibles 5 / 5 / 5 (1), reliability 6.5 / 5.5 / 5 (3), responsiveness 6 / 5 / 4 (2.5),
assurance 6 / 5.5 / 5.5 (2), empathy 5.5 / 5 / 4.5 (1.5). Weights sum to 10, so normalised
0.10, 0.30, 0.25, 0.20, 0.15.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import loyalty
from calculators.expectations import (
    DIMENSIONS,
    EXAMPLE_NPS_COUNTS,
    MAX_SURVEY_BYTES,
    SERVQUAL_ITEMS,
    SurveyError,
    dimension_columns,
    example_survey_csv,
    expectations_report,
    gap_analysis,
    item_columns,
    mean_interval,
    net_promoter_score,
    normalised_weights,
    nps_from_counts,
    perception_what_if,
    read_nps_scores,
    read_survey,
    survey_gaps,
)
from calculators.scenario import Scenario, scenario_from_values

PROMISED = [5, 6.5, 6, 6, 5.5]
DELIVERED = [5, 5.5, 5, 5.5, 5]
PERCEIVED = [5, 5, 4, 5.5, 4.5]
WEIGHTS = [1, 3, 2.5, 2, 1.5]
HEADER = ",".join(dimension_columns())


def _issues(data):
    with pytest.raises(SurveyError) as caught:
        read_survey(data)
    return caught.value.issues


def _row(values):
    return ",".join(str(v) for v in values)


# --- the gap model ----------------------------------------------------------------------------


def test_gaps_per_dimension_are_checked_by_hand():
    table = gap_analysis(PROMISED, DELIVERED, PERCEIVED, WEIGHTS).table
    assert table["promise_gap"].tolist() == [0, 1, 1, 0.5, 0.5]
    assert table["perception_gap"].tolist() == [0, 0.5, 1, 0, 0.5]
    assert table["customer_gap"].tolist() == [0, -1.5, -2, -0.5, -1]
    assert table["weight"].tolist() == pytest.approx([0.10, 0.30, 0.25, 0.20, 0.15])
    assert list(table.index) == list(DIMENSIONS)


def test_weighted_gaps_use_weights_normalised_to_one():
    gaps = gap_analysis(PROMISED, DELIVERED, PERCEIVED, WEIGHTS)
    # 0.3 x 1 + 0.25 x 1 + 0.2 x 0.5 + 0.15 x 0.5 = 0.725
    assert gaps.weighted_promise_gap == pytest.approx(0.725)
    # 0.3 x 0.5 + 0.25 x 1 + 0.15 x 0.5 = 0.475
    assert gaps.weighted_perception_gap == pytest.approx(0.475)
    assert gaps.weighted_customer_gap == pytest.approx(-1.2)
    assert not gaps.equal_weights


def test_the_biggest_gap_is_responsiveness_promise_6_perceive_4():
    gaps = gap_analysis(PROMISED, DELIVERED, PERCEIVED, WEIGHTS)
    # Weighted shortfalls: 0, 0.45, 0.5, 0.1, 0.15.
    assert gaps.largest == "responsiveness"
    row = gaps.table.loc["responsiveness"]
    assert (row["promised"], row["perceived"]) == (6, 4)
    # The rules: reliability has the largest weighted promise gap (0.3 x 1 > 0.25 x 1),
    # responsiveness the largest weighted perception gap (0.25 x 1 > 0.3 x 0.5).
    assert gaps.largest_promise_gap == "reliability"
    assert gaps.largest_perception_gap == "responsiveness"


def test_bars_are_sorted_by_weighted_size():
    gaps = gap_analysis(PROMISED, DELIVERED, PERCEIVED, WEIGHTS)
    assert list(gaps.by_weighted_size.index) == [
        "responsiveness",
        "reliability",
        "empathy",
        "assurance",
        "tangibles",
    ]


def test_a_heavy_weight_can_make_a_smaller_gap_the_biggest():
    weights = [1, 1, 1, 1, 10]  # empathy: shortfall 1 x 10/14 beats responsiveness 2 x 1/14
    assert gap_analysis(PROMISED, DELIVERED, PERCEIVED, weights).largest == "empathy"


def test_no_shortfall_means_no_biggest_gap():
    gaps = gap_analysis([4] * 5, [5] * 5, [6] * 5, WEIGHTS)
    assert gaps.largest is None
    assert gaps.largest_promise_gap is None
    assert gaps.largest_perception_gap is None
    assert gaps.weighted_customer_gap == pytest.approx(2)


def test_all_weights_zero_count_the_dimensions_equally_and_say_so():
    gaps = gap_analysis(PROMISED, DELIVERED, PERCEIVED, [0] * 5)
    assert gaps.equal_weights
    assert gaps.table["weight"].tolist() == pytest.approx([0.2] * 5)
    assert gaps.weighted_customer_gap == pytest.approx(-5 / 5)


def test_normalised_weights_refuse_all_zero_and_negative():
    assert normalised_weights([2, 2]).tolist() == [0.5, 0.5]
    with pytest.raises(ValueError, match="weights must not all be 0"):
        normalised_weights([0, 0, 0])
    with pytest.raises(ValueError, match=r"weights\[1\] must be >= 0, got -1"):
        normalised_weights([1, -1])
    with pytest.raises(ValueError, match="at least one weight"):
        normalised_weights([])


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        (
            "perceived",
            [5, 0.5, 4, 5.5, 4.5],
            r"perceived\[reliability\] must be in \[1, 7\], got 0.5",
        ),
        ("promised", [5, 6.5, 8, 6, 5.5], r"promised\[responsiveness\] must be in \[1, 7\], got 8"),
        ("delivered", [5, 5.5, float("nan"), 5.5, 5], r"delivered\[responsiveness\] must be in"),
    ],
)
def test_scores_outside_the_scale_are_refused_by_name(column, values, message):
    scores = {"promised": PROMISED, "delivered": DELIVERED, "perceived": PERCEIVED, column: values}
    with pytest.raises(ValueError, match=message):
        gap_analysis(scores["promised"], scores["delivered"], scores["perceived"], WEIGHTS)


def test_lengths_must_match_the_dimensions():
    with pytest.raises(
        ValueError, match=r"perceived must have one score per dimension \(5\), got 4"
    ):
        gap_analysis(PROMISED, DELIVERED, PERCEIVED[:4], WEIGHTS)
    with pytest.raises(ValueError, match=r"weights must have one weight per dimension"):
        gap_analysis(PROMISED, DELIVERED, PERCEIVED, WEIGHTS[:2])


scores = st.floats(min_value=1, max_value=7)
five_scores = st.lists(scores, min_size=5, max_size=5)
five_weights = st.lists(st.floats(min_value=0, max_value=10), min_size=5, max_size=5)


@settings(max_examples=100)
@given(five_scores, five_scores, five_scores, five_weights, st.floats(min_value=0.1, max_value=10))
def test_customer_gap_is_minus_promise_plus_perception_and_scale_free(
    promised, delivered, perceived, weights, factor
):
    gaps = gap_analysis(promised, delivered, perceived, weights)
    table = gaps.table
    assert np.allclose(table["customer_gap"], -(table["promise_gap"] + table["perception_gap"]))
    assert math.isclose(
        gaps.weighted_customer_gap,
        -(gaps.weighted_promise_gap + gaps.weighted_perception_gap),
        abs_tol=1e-9,
    )
    assert table["weight"].sum() == pytest.approx(1)
    scaled = gap_analysis(promised, delivered, perceived, [w * factor for w in weights])
    assert scaled.weighted_customer_gap == pytest.approx(gaps.weighted_customer_gap, abs=1e-9)


def test_the_report_reads_the_scenario():
    report = expectations_report(Scenario())
    assert report.gaps.largest == "responsiveness"
    moved = scenario_from_values({"expectations.responsiveness.perceived": 6.0})
    assert expectations_report(moved).gaps.largest == "reliability"


# --- the what-if ------------------------------------------------------------------------------


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
    assert perception_what_if(scenario).moved_share == loyalty.SATISFACTION_SHIFT
    page = loyalty.loyalty_report(scenario).satisfaction
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


# --- Net Promoter Score -----------------------------------------------------------------------


def test_ten_promoters_five_passives_five_detractors_give_nps_25():
    answers = [10] * 6 + [9] * 4 + [8] * 2 + [7] * 3 + [6] * 2 + [3] * 2 + [0]
    result = net_promoter_score(answers)
    assert (result.promoters, result.passives, result.detractors, result.n) == (10, 5, 5, 20)
    assert result.nps == 25
    assert result.shares == (0.5, 0.25, 0.25)


def test_standard_error_and_interval_checked_by_hand():
    result = nps_from_counts(EXAMPLE_NPS_COUNTS)
    # SE = 100 sqrt((0.5 + 0.25 - 0.25^2) / 20) = 100 sqrt(0.034375) = 18.540
    assert result.nps == 25
    assert result.standard_error == pytest.approx(18.540, abs=1e-3)
    # Adjusted Wald: n' = 23, p' = 10.75/23, d' = 5.75/23, c = 5/23 = 0.21739;
    # var = (16.5/23 - c^2) / 23 = 0.029136, half width 1.95996 x 0.17069 = 0.33456.
    assert result.ci_low == pytest.approx(-11.716, abs=1e-2)
    assert result.ci_high == pytest.approx(55.195, abs=1e-2)


def test_scores_as_numpy_array_series_and_whole_floats_are_accepted():
    answers = [9, 10, 7, 0]
    expected = net_promoter_score(answers)
    assert net_promoter_score(np.array(answers)) == expected
    assert net_promoter_score(pd.Series(answers, dtype=float)) == expected
    assert net_promoter_score([9.0, 10.0, 7.0, 0.0]) == expected


def test_all_promoters_still_have_an_interval_below_100():
    result = net_promoter_score([10] * 20)
    assert result.nps == 100
    assert result.standard_error == 0
    assert result.ci_high == 100
    assert 60 < result.ci_low < 100  # the plain Wald interval would be 100 to 100


def test_the_interval_is_symmetric_for_mirrored_answers():
    high = nps_from_counts([0, 0, 0, 0, 0, 0, 3, 0, 4, 0, 13])
    low = nps_from_counts([13, 0, 0, 0, 0, 0, 0, 0, 4, 0, 3])
    assert low.nps == -high.nps
    assert low.ci_low == pytest.approx(-high.ci_high)
    assert low.ci_high == pytest.approx(-high.ci_low)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([9, 11, 7.5, "x", 3], r"bad values \(3 of 5\): 11, 7.5, 'x'"),
        ([-1, 5], r"bad values \(1 of 2\): -1"),
        ([float("nan"), 9], r"bad values \(1 of 2\): nan"),
        ([True, 9], r"bad values \(1 of 2\): True"),
        (["9"], r"bad values \(1 of 1\): '9'"),
        (np.array([1.5, 20.0, 3.0]), r"bad values \(2 of 3\): 1.5, 20"),
        (list(range(11, 30)), r"bad values \(19 of 19\): 11, 12, 13, 14, 15$"),
    ],
)
def test_bad_answers_are_named(answers, message):
    with pytest.raises(ValueError, match=message):
        net_promoter_score(answers)


def test_no_answers_and_wrong_shapes_are_refused():
    with pytest.raises(ValueError, match="at least one answer"):
        net_promoter_score([])
    with pytest.raises(ValueError, match="one-dimensional"):
        net_promoter_score(np.ones((2, 2)))
    with pytest.raises(ValueError, match="sequence of whole numbers"):
        net_promoter_score("9")


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([1] * 10, r"11 counts"),
        ([0] * 11, "at least one answer"),
        ([1] * 10 + [-1], r"counts\[10\] must be an integer >= 0, got -1"),
        ([1.5] + [1] * 10, r"counts\[0\] must be an integer >= 0, got 1.5"),
    ],
)
def test_bad_counts_are_refused(counts, message):
    with pytest.raises(ValueError, match=message):
        nps_from_counts(counts)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(
    promoters=st.sampled_from([0.1, 0.2, 0.35, 0.5, 0.65, 0.8]),
    detractors=st.sampled_from([0.1, 0.2, 0.35, 0.5]),
    n=st.integers(min_value=40, max_value=300),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_the_95_percent_interval_covers_the_true_nps_about_95_percent_of_the_time(
    promoters, detractors, n, seed
):
    # Simulated surveys of n customers from a known population; fixed seeds, so the test is
    # deterministic (hypothesis is derandomized too). With 400 surveys the observed coverage
    # of a true 95 % interval lies in 0.92-0.98 with overwhelming probability.
    passives = 1 - promoters - detractors
    if passives < 0.05:
        return
    rng = np.random.default_rng(seed)
    true_nps = 100 * (promoters - detractors)
    surveys = rng.multinomial(n, [detractors, passives, promoters], size=400)
    covered = 0
    for low, middle, high in surveys:
        counts = [int(low), 0, 0, 0, 0, 0, 0, int(middle), 0, 0, int(high)]
        result = nps_from_counts(counts)
        covered += result.ci_low <= true_nps <= result.ci_high
    assert 0.90 <= covered / 400 <= 0.99


# --- means with intervals ---------------------------------------------------------------------


def test_mean_interval_checked_by_hand():
    result = mean_interval([-1, -2, 0, -1])
    # s = sqrt(2/3) = 0.8165, t(0.975, 3) = 3.1824, half width = 3.1824 x 0.8165 / 2 = 1.2992
    assert result.n == 4
    assert result.mean == -1
    assert result.low == pytest.approx(-2.2992, abs=1e-4)
    assert result.high == pytest.approx(0.2992, abs=1e-4)


def test_mean_interval_skips_missing_and_has_no_width_from_one_answer():
    assert mean_interval([2, float("nan"), 4]).n == 2
    single = mean_interval([3.0])
    assert single.mean == 3 and math.isnan(single.low) and math.isnan(single.high)
    constant = mean_interval([2, 2, 2])
    assert (constant.low, constant.high) == (2, 2)
    with pytest.raises(ValueError, match="at least one number"):
        mean_interval([float("nan")])
    with pytest.raises(ValueError, match="finite"):
        mean_interval([1, float("inf")])
    with pytest.raises(ValueError, match=r"confidence must be in \(0, 1\)"):
        mean_interval([1, 2], confidence=1)


@settings(max_examples=20, derandomize=True, deadline=None)
@given(n=st.integers(min_value=3, max_value=60), seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_the_t_interval_covers_the_true_mean_about_95_percent_of_the_time(n, seed):
    rng = np.random.default_rng(seed)
    samples = rng.normal(-0.8, 1.3, size=(400, n))
    covered = 0
    for sample in samples:
        result = mean_interval(sample)
        covered += result.low <= -0.8 <= result.high
    assert 0.91 <= covered / 400 <= 0.99


# --- survey files -----------------------------------------------------------------------------


def test_the_example_survey_gives_hand_checked_gaps():
    result = survey_gaps(read_survey(example_survey_csv()), WEIGHTS)
    table = result.table
    assert result.respondents == 6 and result.layout == "dimensions"
    # Responsiveness: expected 6, 6, 7, 6, 6, 7 (mean 38/6); perceived 4, 4, 5, 5, 4, 5
    # (27/6); gaps -2, -2, -2, -1, -2, -2 -> mean -11/6.
    assert table.loc["responsiveness", "gap"] == pytest.approx(-11 / 6)
    assert table.loc["responsiveness", "expected"] == pytest.approx(38 / 6)
    assert table.loc["responsiveness", "perceived"] == pytest.approx(27 / 6)
    assert table.loc["responsiveness", "n"] == 6
    assert table.loc["reliability", "gap"] == pytest.approx(-8 / 6)
    assert result.largest == "responsiveness"
    assert result.overall is not None and result.overall.n == 6
    low, high = table.loc["responsiveness", ["low", "high"]]
    assert low < -11 / 6 < high


def test_item_columns_are_averaged_per_dimension_as_in_servqual():
    expected = {item: 7 for item in range(1, 23)}
    perceived = {}
    for value, dimension in enumerate(DIMENSIONS, start=1):
        for item in SERVQUAL_ITEMS[dimension]:
            perceived[item] = value  # tangibles 1, reliability 2, ... empathy 5
    perceived[1] = 3  # tangibles items: 3, 1, 1, 1 -> mean 1.5
    header = item_columns()
    row = [expected[int(c[1:])] if c[0] == "E" else perceived[int(c[1:])] for c in header]
    survey = read_survey(f"id,{','.join(header).lower()}\n17,{_row(row)}\n")
    assert survey.layout == "items"
    assert survey.perceived.iloc[0].tolist() == [1.5, 2, 3, 4, 5]
    assert survey.gaps.iloc[0].tolist() == [-5.5, -5, -4, -3, -2]


def test_semicolons_decimal_commas_blank_cells_and_windows_text_are_read():
    header = ";".join(dimension_columns()).upper() + ";città"
    text = f"{header}\n5,5;4;6;6;6;;6;6;6;6;Milano\n5;5;5;5;5;5;5;5;5;5;Bari\n\n"
    survey = read_survey(text.encode("cp1252"))
    assert survey.respondents == 2
    assert survey.expected.loc[0, "tangibles"] == 5.5
    assert math.isnan(survey.gaps.loc[0, "responsiveness"])
    gaps = survey_gaps(survey, WEIGHTS)
    assert gaps.table.loc["responsiveness", "n"] == 1
    assert gaps.overall is not None and gaps.overall.n == 1


def test_missing_columns_are_listed():
    (issue,) = _issues("tangibles_expected,tangibles_perceived,name\n5,4,x\n")
    assert issue.kind == "missing_columns"
    assert issue.columns == tuple(dimension_columns()[2:])
    (issue,) = _issues(",".join(item_columns()[:-2]) + "\n")
    assert issue.columns == ("P21", "P22")
    (issue,) = _issues("a,b\n1,2\n")
    assert issue.columns == tuple(dimension_columns())


def test_out_of_range_and_text_scores_are_listed_with_their_rows():
    good = [5] * 10
    rows = [good, [5, "abc", *good[2:]], [*good[:9], 8], [*good[:4], 0, *good[5:]], good]
    text = HEADER + "\n" + "\n".join(_row(r) for r in rows) + "\n"
    not_a_number, out_of_range = _issues(text)
    assert not_a_number.kind == "not_a_number"
    assert not_a_number.cells == (("tangibles_perceived", 3, "abc"),)
    assert out_of_range.kind == "out_of_range"
    assert out_of_range.cells == (
        ("empathy_perceived", 4, "8"),
        ("responsiveness_expected", 5, "0"),
    )
    assert out_of_range.count == 2


def test_only_the_first_few_bad_cells_are_listed_with_the_total():
    text = HEADER + "\n" + "\n".join(_row([9] * 10) for _ in range(3)) + "\n"
    (issue,) = _issues(text)
    assert issue.count == 30
    assert len(issue.cells) == 5


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "file_empty"),
        (b"  \n\n", "file_empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file_binary"),
        ("tangibles_expected".encode("utf-16"), "file_binary"),
        (HEADER.encode(), "no_rows"),
        ((HEADER + "\n" + _row([5] * 12) + "\n").encode(), "file_syntax"),
        ((HEADER + '\n"5,5,5\n').encode(), "file_syntax"),
        ((HEADER + "\n" + _row([5] * 8 + ["", ""]) + "\n").encode(), "no_answers"),
        (b"x" * (MAX_SURVEY_BYTES + 1), "file_size"),
    ],
)
def test_unusable_files_get_one_clear_issue(data, kind):
    (issue,) = _issues(data)
    assert issue.kind == kind


def test_a_ragged_row_is_reported_with_its_line():
    text = HEADER + "\n" + _row([5] * 10) + "\n" + _row([5] * 11) + "\n"
    (issue,) = _issues(text)
    assert issue.line == 3


def test_a_dimension_nobody_answered_is_named():
    (issue,) = _issues(HEADER + "\n" + _row([5] * 8 + ["", ""]) + "\n")
    assert issue.columns == ("empathy",)


def test_nps_answers_from_a_named_or_single_column():
    assert read_nps_scores("name,NPS\na,10\nb,\nc,6\n").tolist() == [10, 6]
    assert read_nps_scores("score\n3\n9\n").tolist() == [3, 9]


def test_bad_nps_files_are_reported():
    with pytest.raises(SurveyError) as caught:
        read_nps_scores("nps\n1\n11\n7.5\nx\n")
    kinds = [(i.kind, i.cells) for i in caught.value.issues]
    assert kinds == [
        ("not_a_number", (("nps", 5, "x"),)),
        ("nps_out_of_range", (("nps", 3, "11"), ("nps", 4, "7.5"))),
    ]
    for data, kind in [
        ("a,b\n1,2\n", "missing_columns"),
        ("", "file_empty"),
        ("nps\n\n", "no_rows"),
        ("nps\n,\n", "no_rows"),
    ]:
        with pytest.raises(SurveyError) as caught:
            read_nps_scores(data)
        assert caught.value.issues[0].kind == kind
