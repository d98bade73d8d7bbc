"""Parsing the app's own data files in `assets/` (texts, source cards, presets).

`load_yaml` is ``yaml.safe_load``, the project's one way of reading YAML (plain mappings,
lists, strings, numbers; no Python tags). The files every first run needs are parsed once per
server process, when their module is imported (`ui.i18n`, `ui.cards`, `ui.presets`): about
0.3 s for the two 100 KB language files, paid once, never by each session.

Files a user uploads are not read here: they go through `calculators.yaml_shape` and
`calculators.scenario.load_scenario`, which bound their shape before parsing.
"""

from __future__ import annotations

from typing import Any

import yaml


def load_yaml(text: str | bytes) -> Any:
    """The YAML document `text` as plain Python data, built by the safe constructor only.

    Raises `yaml.YAMLError` on malformed YAML and on a Python tag, as ``yaml.safe_load`` does.

    >>> load_yaml("title: Retention Lab\\nshare: 0.8\\n")
    {'title': 'Retention Lab', 'share': 0.8}
    >>> try:
    ...     load_yaml("x: !!python/object/apply:os.system ['true']")
    ... except yaml.YAMLError as error:
    ...     print(type(error).__name__)
    ConstructorError
    """
    return yaml.safe_load(text)
