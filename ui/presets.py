"""Ready-made scenarios (`assets/presets/*.yaml`), each illustrative and named in every language.

A preset file holds ``name`` and ``description`` (a text for each language of `ui.i18n.LANGS`)
and a ``scenario`` mapping in the format of a scenario file. A file that cannot be read is
skipped and reported, so one bad preset never hides the others. Reading files is the UI's side:
`calculators` only turns the parsed mapping into a `Scenario`.

>>> presets, problems = load_presets(PRESETS_DIR)
>>> [preset.id for preset in presets][:2], problems
(['b2b_saas', 'ecommerce'], [])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from calculators.issues import InputError
from calculators.scenario import (
    MAX_SCENARIO_FILE_BYTES,
    Scenario,
    ScenarioError,
    scenario_from_mapping,
)
from ui.assets import load_yaml
from ui.i18n import LANGS, Lang

PRESETS_DIR = Path(__file__).resolve().parent.parent / "assets" / "presets"

PresetIssueKind = Literal[
    "file_unreadable",
    "file_size",
    "file_syntax",
    "file_structure",
    "missing_texts",
    "scenario_values",
]


@dataclass(frozen=True)
class PresetIssue:
    """One problem of a preset file (for the log: presets are ours, users never see these).

    kind: ``file_unreadable`` (the file cannot be opened), ``file_size`` (above
    `MAX_SCENARIO_FILE_BYTES`), ``file_syntax`` (not UTF-8 YAML), ``file_structure`` (not a
    mapping with name, description and scenario), ``missing_texts`` (`subject`, ``name`` or
    ``description``, lacks a text for a language), ``scenario_values`` (a field of the scenario
    is invalid; `subject` is its dotted path, or empty for the scenario as a whole).
    """

    kind: PresetIssueKind
    subject: str = ""


class PresetError(InputError[PresetIssue]):
    """Every problem of one preset file; `issues` lists them."""

    summary = "unusable preset file"


@dataclass(frozen=True)
class Preset:
    """One ready-made scenario; `name` and `description` by language code."""

    id: str
    name: dict[Lang, str]
    description: dict[Lang, str]
    scenario: Scenario


@dataclass(frozen=True)
class PresetProblem:
    """A preset file that was skipped, and why."""

    id: str
    issues: tuple[PresetIssue, ...]

    @property
    def reason(self) -> str:
        """The problems as one line for the log, as `PresetError` words them."""
        return str(PresetError(self.issues))


def _texts(data: Mapping[str, Any], key: str) -> dict[Lang, str] | None:
    texts = data.get(key)
    if not isinstance(texts, dict) or not all(isinstance(texts.get(lang), str) for lang in LANGS):
        return None
    return {lang: texts[lang] for lang in LANGS}


def read_preset(path: Path) -> Preset:
    """One preset file; raises `PresetError` listing what is wrong with it."""
    try:
        raw = path.read_bytes()
    except OSError:
        raise PresetError([PresetIssue("file_unreadable")]) from None
    if len(raw) > MAX_SCENARIO_FILE_BYTES:
        raise PresetError([PresetIssue("file_size")])
    try:
        data = load_yaml(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        raise PresetError([PresetIssue("file_syntax")]) from None
    if not isinstance(data, dict):
        raise PresetError([PresetIssue("file_structure")])
    name, description = _texts(data, "name"), _texts(data, "description")
    issues = [
        PresetIssue("missing_texts", key)
        for key, texts in (("name", name), ("description", description))
        if texts is None
    ]
    scenario: Scenario | None = None
    try:
        scenario = scenario_from_mapping(data.get("scenario"))
    except ScenarioError as error:
        issues += [PresetIssue("scenario_values", issue.path) for issue in error.issues]
    if issues or name is None or description is None or scenario is None:
        raise PresetError(issues)
    return Preset(id=path.stem, name=name, description=description, scenario=scenario)


def load_presets(folder: Path = PRESETS_DIR) -> tuple[list[Preset], list[PresetProblem]]:
    """Every readable preset in `folder` (sorted by file name) and the files that were skipped."""
    presets: list[Preset] = []
    problems: list[PresetProblem] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            presets.append(read_preset(path))
        except PresetError as error:
            problems.append(PresetProblem(id=path.stem, issues=tuple(error.issues)))
    return presets, problems
