"""The pipeline's stages and the pages made from them: where the site's part of a run lives.

:class:`~mentornet.pipeline.Stages` stops at typed data (the audience's portfolio, its
analysis, history and diagrams) and knows nothing of pages; :class:`SiteStages` adds what
turns that data into the audience's site: the templates, the generated pages and the complete
tree (:mod:`mentornet.site.tree`). The plugin, the engines and the commands that make a site
use it; commands that only read data use the plain stages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from mentornet.pipeline import Stages

if TYPE_CHECKING:  # imported where used, so a command that makes no page does not pay for them
    from mentornet.core.caching import Kept
    from mentornet.site.pages import Site, Templates
    from mentornet.site.tree import Tree

log = logging.getLogger("mkdocs.plugins.mentornet")


@dataclass
class Pages:
    """The generated pages (src_uri → Markdown or SVG) and the journal entries' headers."""

    generated: dict[str, str]
    headers: dict[str, str]
    #: The generated pages whose text is HTML (see :mod:`mentornet.site.html`).
    drawn: frozenset[str] = frozenset()
    #: Whether the entries' headers are HTML.
    drawn_headers: bool = False


class SiteStages(Stages):
    """The stages of one run for one audience, and the site's pages made from them."""

    @cached_property
    def site(self) -> Site:
        """What every page template reads."""
        from mentornet import diagrams
        from mentornet.journal import calendar
        from mentornet.site import pages

        return pages.Site(self.portfolio, self.analysis, self.today, self.audience,
                          diagram=diagrams.marker, history=self.history,
                          user_templates=Path(self.options.templates) if self.options.templates else None,
                          calendar=calendar.FILE if self.audience.calendar and not self.protected
                          else None)

    @cached_property
    def templates(self) -> Templates:
        from mentornet.site import pages

        templates = Path(self.options.templates) if self.options.templates else None
        key = (templates, self.project.cache_dir)
        kept = self.session.templates if self.session is not None else {}
        if key not in kept:
            kept.clear()
            kept[key] = pages.environment(templates, self.project.cache_dir)
        return kept[key].fresh()

    @cached_property
    def kept(self) -> Kept:
        """What the last run made of pages, headers and files, by what each is made from: in
        ``pages-<audience>.pickle`` between builds, in the :class:`~mentornet.pipeline.Session`
        between rebuilds (read from that file once)."""
        from mentornet.core import caching

        cache_dir = self.project.cache_dir
        path = caching.STORES["pages"].path(cache_dir, self.audience.name)
        if self.session is None:
            return caching.Kept(path)
        if self.session.kept is None:
            self.session.kept = caching.Kept(path)
        return self.session.kept

    def pages(self, skip: frozenset[str] = frozenset()) -> Pages:
        """Every generated page but ``skip`` (pages the user wrote themselves), and the charts."""
        rendered = self.site.render_all(self.templates, skip=skip, kept=self.kept)
        generated = dict(rendered.pages)
        if self.history is not None:
            generated.update({path: chart.svg for path, chart in self.history.charts.items()})
        return Pages(generated, dict(rendered.headers), rendered.drawn, rendered.drawn_headers)

    def tree(self, keep: frozenset[str] = frozenset(), skip: frozenset[str] = frozenset(),
             protected: bool = False) -> Tree:
        """The audience's complete Markdown tree (see :mod:`mentornet.site.tree`)."""
        from mentornet.site.tree import build_tree

        self.protected = self.protected or protected
        tree = build_tree(self, keep, skip, protected)
        rendered = set(self.site.rendered)
        headers = len(rendered & {entry.src_uri for entry in self.portfolio.journal})
        log.debug(f"mentornet: generated: {len(rendered) - headers} page(s) and {headers} entry header(s) rendered, "
                  "the others kept")
        self.kept.done(write=self.session is None)
        return tree
