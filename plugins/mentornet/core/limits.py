"""Limits on the work a file can ask for: the one home of the YAML alias guard, for the data
files (load) and the configuration (core.config_file) alike."""

from __future__ import annotations

from mentornet.core.yamldata import Yaml

#: Values a document may expand to once aliases are followed (a "billion laughs" guard).
MAX_EXPANDED_VALUES = 2_000_000


def expanded_size(data: Yaml, limit: int = MAX_EXPANDED_VALUES) -> int:
    """How many values ``data`` holds once shared (aliased) values are counted each time (up to
    ``limit`` + 1: counting stops there, so a "billion laughs" costs no more than its nodes)."""
    sizes: dict[int, int] = {}

    def size(value: Yaml) -> int:
        if isinstance(value, (dict, list)):
            key = id(value)
            if key not in sizes:
                sizes[key] = 0  # a recursive alias counts once
                children = value.values() if isinstance(value, dict) else value
                sizes[key] = min(limit + 1, 1 + sum(size(child) for child in children))
            return sizes[key]
        return 1

    return size(data)
