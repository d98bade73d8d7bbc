"""Every preset on every page, in both languages: it renders, with no exception and no raw key.

The preset travels the way a shared link carries it: its non-default values in the URL.
"""

import pytest

from calculators.scenario import non_default_values
from tests.app.conftest import assert_no_raw_keys
from ui.nav import PAGES
from ui.presets import load_presets
from ui.state import url_value

PRESETS, _ = load_presets()


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("page_info", PAGES, ids=lambda page_info: page_info.file)
@pytest.mark.parametrize("preset", PRESETS, ids=lambda preset: preset.id)
def test_preset_renders_on_page(open_app, preset, page_info, lang):
    params = {path: url_value(v) for path, v in non_default_values(preset.scenario).items()}
    at = open_app(page_info, lang=lang, **params)
    assert not at.exception
    assert at.session_state["scenario"] == preset.scenario
    assert [w.value for w in at.warning if "link" in w.value] == []
    assert_no_raw_keys(at)
