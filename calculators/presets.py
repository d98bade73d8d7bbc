"""Ready-made scenarios (`assets/presets/*.yaml`), each illustrative and named in both languages.

A preset file holds ``name`` and ``description`` (``it`` and ``en``) and a ``scenario`` mapping
in the format of a scenario file. A file that cannot be read is skipped and reported, so one bad
preset never hides the others.

>>> presets, problems = load_presets(PRESETS_DIR)
>>> [preset.id for preset in presets][:2], problems
(['b2b_saas', 'ecommerce'], [])
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from calculators.scenario import (
    MAX_SCENARIO_FILE_BYTES,
    Scenario,
    ScenarioError,
    scenario_from_mapping,
)

PRESETS_DIR = Path(__file__).resolve().parent.parent / "assets" / "presets"
LANGS = ("it", "en")


@dataclass(frozen=True)
class Preset:
    """One ready-made scenario; `name` and `description` by language code."""

    id: str
    name: dict[str, str]
    description: dict[str, str]
    scenario: Scenario


@dataclass(frozen=True)
class PresetProblem:
    """A preset file that was skipped, and why (a short English reason for the log)."""

    id: str
    reason: str


def _texts(data: dict, key: str) -> dict[str, str]:
    texts = data.get(key)
    if not isinstance(texts, dict) or not all(isinstance(texts.get(lang), str) for lang in LANGS):
        raise ValueError(f"{key} must give a text for each of {', '.join(LANGS)}")
    return {lang: texts[lang] for lang in LANGS}


def read_preset(path: Path) -> Preset:
    """One preset file; raises ValueError (or `ScenarioError`) saying what is wrong."""
    raw = path.read_bytes()
    if len(raw) > MAX_SCENARIO_FILE_BYTES:
        raise ValueError(f"larger than {MAX_SCENARIO_FILE_BYTES} bytes")
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as error:
        raise ValueError(f"not a readable YAML file ({type(error).__name__})") from None
    if not isinstance(data, dict):
        raise ValueError("not a mapping with name, description and scenario")
    return Preset(
        id=path.stem,
        name=_texts(data, "name"),
        description=_texts(data, "description"),
        scenario=scenario_from_mapping(data.get("scenario")),
    )


def load_presets(folder: Path = PRESETS_DIR) -> tuple[list[Preset], list[PresetProblem]]:
    """Every readable preset in `folder` (sorted by file name) and the files that were skipped."""
    presets: list[Preset] = []
    problems: list[PresetProblem] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            presets.append(read_preset(path))
        except (ValueError, OSError) as error:
            reason = str(error) if not isinstance(error, ScenarioError) else "invalid values"
            problems.append(PresetProblem(id=path.stem, reason=reason))
    return presets, problems
