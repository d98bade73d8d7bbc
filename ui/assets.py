"""Parsing the app's own data files in `assets/` (texts, source cards, presets).

`load_yaml` is ``yaml.safe_load`` with libyaml's C parser, which PyYAML's wheels ship: the same
safe constructor (plain mappings, lists, strings, numbers; no Python tags), 10 to 20 times
faster than the pure-Python parser on the 100 KB language files (about 10 ms instead of 150 ms
each). Without libyaml it falls back to the pure-Python `SafeLoader`, same result.

Files a user uploads are not read here: they go through `calculators.yaml_shape` and
`calculators.scenario.load_scenario`, which bound their shape before parsing.
"""

from __future__ import annotations

from typing import Any

import yaml

# The C parser when PyYAML was built with libyaml (`yaml.__with_libyaml__`), else the Python one.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    return yaml.load(text, Loader=SAFE_LOADER)
