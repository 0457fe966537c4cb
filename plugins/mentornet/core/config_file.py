"""Reading an mkdocs.yml without an engine: its settings as plain data, for commands and staging."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from mentornet.core.yamldata import Yaml, YamlMap


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/name): they become None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Yaml:
    """MkDocs' ``!ENV [NAME, default]``: the variable's value, else the default."""
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) \
        else [loader.construct_scalar(node)] if isinstance(node, (yaml.ScalarNode, yaml.MappingNode)) else []
    for name in values[:-1] if len(values) > 1 else values:
        if str(name) in os.environ:
            return os.environ[str(name)]
    return values[-1] if len(values) > 1 else None


_LenientLoader.add_constructor("!ENV", _env)
_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config_file(config_file: Path, _seen: tuple[Path, ...] = ()) -> YamlMap:
    """The settings of ``config_file``, with those of the file it names in ``INHERIT`` beneath
    them as MkDocs merges them (mappings merged, anything else replaced); ``ValueError``
    naming the file when it is not a YAML mapping."""
    config_file = Path(config_file)
    try:
        text = config_file.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_LenientLoader) or {}
    except OSError as error:
        raise ValueError(f"{config_file}: cannot be read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise ValueError(f"{config_file}: not valid YAML: {error}") from None
    if not isinstance(config, dict):
        raise ValueError(f"{config_file}: expected a mapping of settings")
    from mentornet.core.limits import MAX_EXPANDED_VALUES, expanded_size

    if expanded_size(config) > MAX_EXPANDED_VALUES:  # PyYAML shares an alias; whatever walks it does not
        raise ValueError(f"{config_file}: the YAML expands to more than {MAX_EXPANDED_VALUES:,} values through "
                         "aliases (*name); write the values out instead")
    parent = config.pop("INHERIT", None)
    if isinstance(parent, str):
        path = (config_file.parent / parent).resolve()
        if path in (*_seen, config_file.resolve()):
            chain = " → ".join(p.name for p in (*_seen, config_file.resolve(), path))
            line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith("INHERIT")), 1)
            raise ValueError(f"{config_file}:{line}: INHERIT: '{parent}' makes a loop ({chain}): "
                             "remove the INHERIT line of one of these files")
        config = _merged(read_config_file(path, (*_seen, config_file.resolve())), config)
    return config


def _merged(base: YamlMap, over: YamlMap) -> YamlMap:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merged(merged[key], value) if isinstance(value, dict) and isinstance(
            merged.get(key), dict) else value
    return merged
