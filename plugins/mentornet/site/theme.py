"""What the theme needs: the extensions and assets of the generated pages, the audience's
banner, and, behind a password, no sitemap and no key cache."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mentornet.audience import Audience
from mentornet.core import urls
from mentornet.site import bundle
from mentornet.site.protect import check_password

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

OVERRIDES = Path(__file__).parent / "overrides"
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "admonition", "tables", "def_list")


def prepare(config: MkDocsConfig, audience: Audience) -> bool:
    """Set the theme up for ``audience``'s site; whether the site is password-protected."""
    protected = "encryptcontent" in config.plugins
    if protected:
        check_password(config.plugins["encryptcontent"].config)
        # its key cache is a file beside mkdocs.yml that holds the password: never written
        config.plugins["encryptcontent"].config["cache_file"] = ""
        # a password-protected site has no sitemap: its addresses would name the people
        config.theme.static_templates.discard("sitemap.xml")
    if audience.shared:
        add_banner(config)
    for extension in REQUIRED_EXTENSIONS:
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)
    if bundle.STYLESHEET not in config.extra_css:
        config.extra_css.append(bundle.STYLESHEET)
    if bundle.SCRIPT not in config.extra_javascript:
        config.extra_javascript.append(bundle.SCRIPT)
    return protected


def add_banner(config: MkDocsConfig) -> None:
    """Material's announcement bar names the audience: our main.html, before the theme's own."""
    dirs = config.theme.dirs
    theme_dir = next((i for i, d in enumerate(dirs) if Path(d, "base.html").is_file()), len(dirs))
    if str(OVERRIDES) not in dirs:
        dirs.insert(theme_dir, str(OVERRIDES))


def neutral_title(page: Page, entry_uris: frozenset[str]) -> None:
    """Encryption hides a page's content, not its title, description or tags: no page of a
    protected site has a description or tags, and a person's or an entry's page has a
    neutral title."""
    page.meta.pop("description", None)
    page.meta.pop("tags", None)
    uri = page.file.src_uri
    person = urls.is_person_page(uri)
    if person or uri in entry_uris:
        page.meta["title"] = "A person in the network" if person else "A journal entry"
