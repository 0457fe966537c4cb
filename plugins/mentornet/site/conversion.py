"""A page of the site converted to HTML once for what it is made from (:mod:`mentornet.site.html`).

MkDocs lets a plugin give a file its page (``File.page``, as Material's blog plugin gives its
posts theirs); the plugin gives each documentation page a :class:`ConvertedPage`, whose
``render`` is MkDocs' own conversion, done only when no kept conversion fits, and for pages
drawn as HTML only for the owner's Markdown in them.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Iterator

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from mentornet.site import html

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files


class _Heard(logging.Handler):
    """Whether anything was logged (at INFO or above) while a page was converted."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.heard = False

    def emit(self, record: logging.LogRecord) -> None:
        self.heard = True


@contextmanager
def _listening() -> Iterator[_Heard]:
    heard = _Heard()
    loggers = (logging.getLogger(), logging.getLogger("mkdocs"))  # MkDocs' does not propagate
    for logger in loggers:
        logger.addHandler(heard)
    try:
        yield heard
    finally:
        for logger in loggers:
            logger.removeHandler(heard)


class ConvertedPage(Page):
    """A documentation page whose conversion ``converter`` keeps; ``drawn``: how much of its
    text an HTML template drew (:data:`~mentornet.site.html.DRAWN_PAGE`, ``DRAWN_HEADER``)."""

    def __init__(self, file: File, config: MkDocsConfig, converter: html.Converter, drawn: str = "") -> None:
        super().__init__(None, file, config)
        self.converter = converter
        self.drawn = drawn

    def render(self, config: MkDocsConfig, files: Files) -> None:
        key = self.converter.key(self, config, files, self.drawn)
        found = self.converter.get(key)
        if found is not None:
            made = found.made(files)
        else:
            with _listening() as heard:
                made = self._convert(config, files)
            self.converter.put(key, made, keep=not heard.heard)
        self.content = made.content
        self.toc = get_toc(made.tokens)
        self.present_anchor_ids = made.anchors
        if made.links is not None:
            self.links_to_anchors = made.links
        if made.title is not None and "title" not in self.meta:
            self.title = made.title  # what the conversion found; the front matter's comes first

    def _convert(self, config: MkDocsConfig, files: Files) -> html.Made:
        text, uri = self.markdown or "", self.file.src_uri
        if self.drawn == html.DRAWN_PAGE:
            return html.draw(text, uri, self.converter.toc(config), partial(self._converted, config, files),
                             self.converter.url_of, html.missing_page(uri))
        if self.drawn == html.DRAWN_HEADER:
            header, rest = html.split_header(text)
            return html.draw_header(header, uri, self._converted(config, files, rest), self.converter.url_of,
                                    html.missing_page(uri))
        return self._converted(config, files, text)

    def _converted(self, config: MkDocsConfig, files: Files, text: str) -> html.Made:
        """``text`` converted as MkDocs converts this page's Markdown."""
        whole = self.markdown
        self.markdown = text
        try:
            super().render(config, files)
        finally:
            self.markdown = whole
        checks_anchors = html.PAGES_LOG.getEffectiveLevel() > logging.DEBUG
        return html.Made(self.content or "", html.tokens(self.toc),
                         None if "title" in self.meta else self.title,
                         set(self.present_anchor_ids or ()),
                         dict(self.links_to_anchors or {}) if checks_anchors else None)
