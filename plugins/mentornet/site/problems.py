"""Under ``mkdocs serve`` a mistake in the portfolio gives a site of one page, at every address
the last site had, so the browser reloads to it rather than wait: the owner's preview lists the
problems, another audience's quotes none (:meth:`Audience.told`). ``mkdocs build`` stops instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from mentornet.audience import Audience
from mentornet.core.problems import PortfolioError
from mentornet.site import bundle

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger(__name__)


def told(error: Exception) -> tuple[str, list[str]]:
    """What the terminal says of ``error`` (a portfolio's problems, or a template's, a page's
    visibility's, the tree's), and its lines for the page of problems."""
    if isinstance(error, PortfolioError):
        return (f"mentornet found {len(error.problems)} problem(s) in the portfolio; the site was not built:\n"
                f"{error.report()}", [str(problem) for problem in error.problems])
    return f"mentornet: {error}", str(error).splitlines()


class ProblemsSite:
    """The addresses of the last site served, by what it was built for (audience and options)."""

    def __init__(self) -> None:
        self.served: tuple[str, frozenset[str]] = ("", frozenset())

    def remember(self, built_for: str, files: Files) -> None:
        self.served = (built_for, frozenset(file.src_uri for file in files.documentation_pages()))

    def make(self, files: Files, config: MkDocsConfig, message: str, problems: list[str], audience: Audience,
             templates: jinja2.Environment, built_for: str, from_content: Callable[[File], bool]) -> Files:
        """The files of the site of one page; ``message`` goes to the terminal."""
        log.logger.error(message)  # it names mentornet itself
        told = [line for line in (audience.told(problem, "") for problem in problems) if line]
        try:
            page = templates.get_template("problems.md").render(audience=audience, problems=told)
        except (jinja2.TemplateError, OSError):  # a problems.md of the user's own that fails: the terminal only
            raise PluginError(message) from None
        # the addresses of the last site built for this same audience and options, never another's
        served_for, served = self.served
        pages = {file.src_uri for file in files.documentation_pages()} | {"index.md"}
        if served_for == built_for:
            pages |= served
        for file in [f for f in files if f.is_documentation_page() or from_content(f)]:
            files.remove(file)
        for uri in sorted(pages):
            files.append(File.generated(config, uri, content=page))
        for uri, text in bundle.files().items():
            files.append(File.generated(config, uri, content=text))
        return files
