"""Fuzz the pages: random valid scenarios and random query strings on every page (AppTest).

No exception element may appear; bad values in a link are reported and their defaults kept.
"""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.scenario import FIELDS, apply_values, default_scenario, non_default_values
from tests.app.conftest import open_app_test
from tests.strategies import scenarios
from ui.nav import PAGES
from ui.state import url_value

SLOW = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
PAGE_IDS = [page_info.file for page_info in PAGES]


@pytest.mark.parametrize("page_info", PAGES, ids=PAGE_IDS)
@settings(max_examples=8, deadline=None, suppress_health_check=SLOW)
@given(scenario=scenarios(), lang=st.sampled_from(["it", "en"]))
def test_any_valid_scenario_renders_on_every_page(page_info, scenario, lang):
    params = {path: url_value(v) for path, v in non_default_values(scenario).items()}
    at = open_app_test(page_info, lang=lang, **params)
    assert not at.exception, at.exception
    assert at.session_state["scenario"] == scenario


junk = st.one_of(
    st.text(alphabet=string.printable, max_size=12),
    st.sampled_from(["", "nan", "inf", "-inf", "1e400", "-1", "0x10", "1,5", "🙂", "<b>x</b>"]),
)


@pytest.mark.parametrize("page_info", PAGES, ids=PAGE_IDS)
@settings(max_examples=8, deadline=None, suppress_health_check=SLOW)
@given(
    params=st.dictionaries(
        st.one_of(
            st.sampled_from(sorted(FIELDS)), st.text(string.ascii_lowercase + ".", max_size=15)
        ),
        junk,
        max_size=6,
    ),
    lang=junk,
)
def test_random_query_strings_never_break_a_page(page_info, params, lang):
    at = open_app_test(page_info, lang=lang, **params)
    assert not at.exception, at.exception
    expected, _ = apply_values(default_scenario(), {k: v for k, v in params.items() if "." in k})
    assert at.session_state["scenario"] == expected
    assert at.session_state["lang"] in ("it", "en")
