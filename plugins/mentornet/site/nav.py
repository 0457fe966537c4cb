"""The short navigation: the home page, the section pages in their order, then the others;
people and journal entries are reached from their index pages, not listed one by one.

It is MkDocs' own navigation, given as the ``nav`` configuration MkDocs builds it from: what
MkDocs would list (:func:`~mkdocs.utils.nest_paths`, in its order), with the people's and the
journal's folders each standing as its index page, the pages in them left out of the navigation
(``InclusionLevel.NOT_IN_NAV``: built and linked, never listed), and the top level ranked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from mkdocs.structure.files import InclusionLevel, file_sort_key, set_exclusions
from mkdocs.utils import nest_paths

from mentornet.site.pages import SECTION_PAGES

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

#: An item of a ``nav`` configuration as :func:`~mkdocs.utils.nest_paths` makes it: a page's
#: src_uri, or a folder's title over its items.
NavItem = Union[str, dict[str, list["NavItem"]]]

#: The folders whose index page stands for them in the navigation.
FOLDED = ("people/index.md", "journal/index.md")
HOME = ("index.md", "README.md")


def short(files: Files, config: MkDocsConfig) -> list[NavItem]:
    """The navigation of ``files`` (a ``nav`` configuration); leaves the pages of the folded
    folders out of it."""
    set_exclusions(files, config)  # what MkDocs does after on_files; ours are not computed yet
    listed = sorted((file for file in files.documentation_pages() if file.inclusion.is_in_nav()), key=file_sort_key)
    uris = {file.src_uri for file in listed}
    folded = {uri.split("/", 1)[0] + "/" for uri in FOLDED if uri in uris}
    shown = []
    for file in listed:
        if any(file.src_uri.startswith(folder) for folder in folded) and file.src_uri not in FOLDED:
            file.inclusion = InclusionLevel.NOT_IN_NAV
        else:
            shown.append(file.src_uri)
    items: list[NavItem] = [_folded(item) for item in nest_paths(shown)]
    order = {src: index for index, (src, _, _) in enumerate(SECTION_PAGES)}

    def rank(item: NavItem) -> tuple[int, int]:
        if item in HOME:
            return (0, 0)
        if isinstance(item, str) and item in order:
            return (1, order[item])
        return (2, 0)

    return sorted(items, key=rank)


def _folded(item: NavItem) -> NavItem:
    """A folder of the navigation whose only page is one of :data:`FOLDED`: that page."""
    if isinstance(item, dict) and len(item) == 1:
        (children,) = item.values()
        if len(children) == 1 and children[0] in FOLDED:
            return children[0]
    return item


def problems_only(nav: Navigation) -> Navigation:
    """The site of one page of problems (:mod:`mentornet.site.problems`): its home in the navigation."""
    nav.items = [item for item in nav.items if getattr(item, "file", None) is not None
                 and item.file.src_uri == "index.md"]
    return nav
