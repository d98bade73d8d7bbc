"""Presets: every shipped one loads in every language; a bad file is skipped, saying why."""

from __future__ import annotations

from pathlib import Path

import pytest

from calculators.scenario import default_scenario
from ui.i18n import LANGS
from ui.presets import PRESETS_DIR, PresetError, PresetIssue, load_presets, read_preset


def test_every_shipped_preset_loads_and_is_named_in_both_languages():
    presets, problems = load_presets()
    assert problems == []
    assert {p.id for p in presets} >= {
        "professional_practice",
        "retail_shop",
        "ecommerce",
        "b2b_saas",
        "industrial_distribution",
    }
    for preset in presets:
        assert preset.name["it"] and preset.name["en"]
        assert all(preset.name[lang] and preset.description[lang] for lang in LANGS)
        assert preset.scenario != default_scenario()


def test_a_corrupt_preset_is_skipped_and_the_others_still_load(tmp_path: Path):
    for path in PRESETS_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "broken.yaml").write_text("name: [unclosed", encoding="utf-8")
    (tmp_path / "out_of_range.yaml").write_text(
        "name: {it: a, en: b}\ndescription: {it: a, en: b}\n"
        "scenario:\n  business:\n    retention: 3\n",
        encoding="utf-8",
    )
    presets, problems = load_presets(tmp_path)
    assert len(presets) == len(list(PRESETS_DIR.glob("*.yaml")))
    assert sorted(problem.id for problem in problems) == ["broken", "out_of_range"]
    by_id = {problem.id: problem for problem in problems}
    assert by_id["broken"].issues == (PresetIssue("file_syntax"),)
    assert by_id["out_of_range"].issues == (PresetIssue("scenario_values", "business.retention"),)
    assert by_id["out_of_range"].reason == (
        "unusable preset file: scenario_values (business.retention)"
    )


def test_a_preset_without_both_names_is_refused(tmp_path: Path):
    path = tmp_path / "half.yaml"
    path.write_text("name: {it: solo}\ndescription: {it: a, en: b}\nscenario: {}\n")
    with pytest.raises(PresetError) as caught:
        read_preset(path)
    assert caught.value.issues == [PresetIssue("missing_texts", "name")]
    assert str(caught.value) == "unusable preset file: missing_texts (name)"


def test_a_preset_that_is_not_a_mapping_is_refused(tmp_path: Path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    with pytest.raises(PresetError) as caught:
        read_preset(path)
    assert [issue.kind for issue in caught.value.issues] == ["file_structure"]
