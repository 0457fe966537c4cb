"""Finding a portfolio's options from the command line: its mkdocs.yml, read as the plugin would.

The options are validated by the plugin's own :class:`~mentornet.site.config.MentornetConfig`,
so a command and a build agree on every option, and on every mistake in one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional

import yaml

from mentornet.pipeline import OptionProblem, Options, Project

CONFIG_FILE = "mkdocs.yml"


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/name): they become None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' ``!ENV [NAME, default]``: the variable's value, else the default."""
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) \
        else [loader.construct_scalar(node)]
    for name in values[:-1] if len(values) > 1 else values:
        if str(name) in os.environ:
            return os.environ[str(name)]
    return values[-1] if len(values) > 1 else None


_LenientLoader.add_constructor("!ENV", _env)
_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def plugin_options(config_file: Path) -> tuple[dict[str, Any], str]:
    """The mentornet options and ``docs_dir`` of an mkdocs.yml (``({}, "content")`` without one)."""
    if not config_file.is_file():
        return {}, "content"
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    except yaml.YAMLError as error:
        raise OptionProblem(f"{config_file}: not valid YAML: {error}") from None
    if not isinstance(config, dict):
        raise OptionProblem(f"{config_file}: expected a mapping of settings")
    options: dict[str, Any] = {}
    for plugin in config.get("plugins") or ():
        if isinstance(plugin, dict) and isinstance(plugin.get("mentornet"), dict):
            options = {key: value for key, value in plugin["mentornet"].items() if value is not None}
    return options, str(config.get("docs_dir") or "docs")


def read_project(folder: Path, audience: Optional[str] = None) -> Project:
    """The portfolio in ``folder``, its options validated as the plugin validates them."""
    from mentornet.site.config import MentornetConfig

    config_file = Path(folder) / CONFIG_FILE
    raw, docs_dir = plugin_options(config_file)
    if audience is not None:
        raw["audience"] = audience
    config = MentornetConfig(config_file_path=str(config_file))
    config.load_dict(raw)
    errors, _ = config.validate()
    if errors:
        raise OptionProblem("; ".join(f"{config_file}: the mentornet option {name}: {error}"
                                      for name, error in errors))
    return Project.of(Path(folder), Options.from_config(config, docs_dir))
