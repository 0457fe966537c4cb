"""The types of data before and after the model: a file's values as YAML gives them (not yet
validated), and JSON as the commands write it. One home, so every reader of an unvalidated file
says the same thing about what it holds."""

from __future__ import annotations

from typing import Any, Mapping, Sequence, Union

#: A value read from YAML (or a configuration) and not yet validated: null, a bool, a number,
#: text, or a list or mapping of these. ``Any`` on purpose: its shape is what validation finds
#: out, so the code before validation checks (``isinstance``) where it must, and a ``Union``
#: would turn every access after such a check into a cast.
Yaml = Any

#: A YAML mapping before validation: a file's top level, a person's record, plugin options.
YamlMap = dict[str, Yaml]

#: JSON as the commands and exports write it (read-only kinds, so a ``dict[str, int]`` is JSON too).
Json = Union[None, bool, int, float, str, Sequence["Json"], Mapping[str, "Json"]]

#: A JSON object (what ``to_json`` methods return, a trap's figures).
JsonMap = Mapping[str, Json]
