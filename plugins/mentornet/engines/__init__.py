"""The site engines mentornet builds with, and how each is run.

MkDocs 1.6 and ProperDocs (a fork keeping MkDocs' plugin API) run mentornet's plugin: the
site they build is the plugin's. Zensical reads mkdocs.yml but runs no third-party plugin, so
mentornet writes the audience's complete Markdown tree to a staging folder (diagrams drawn
inline, assets copied; see :mod:`mentornet.engines.stage`) and Zensical builds that.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass


@dataclass(frozen=True)
class Engine:
    name: str
    #: The Python module ``python -m`` runs, and the distribution that installs it.
    module: str
    package: str
    #: Whether it runs MkDocs plugins (else mentornet stages the tree for it).
    runs_plugins: bool

    def installed(self) -> bool:
        return importlib.util.find_spec(self.module) is not None

    def missing(self) -> str:
        extra = f"mentornet[{self.name}]" if self.name != "mkdocs" else "mentornet"
        return (f"the engine {self.name} is not installed in this environment: "
                f"pip install '{extra}' (or pip install {self.package})")


ENGINES: dict[str, Engine] = {
    "mkdocs": Engine("mkdocs", "mkdocs", "mkdocs", runs_plugins=True),
    "properdocs": Engine("properdocs", "properdocs", "properdocs", runs_plugins=True),
    "zensical": Engine("zensical", "zensical", "zensical", runs_plugins=False),
}
