"""The MkDocs plugin: an adapter from MkDocs' events to mentornet's one pipeline.

    on_config         the options and the pipeline's stages for this build; what the theme needs
    on_files          run the pipeline; replace the content with the audience's tree
    on_nav            a short navigation: section pages, not one entry per person or entry
    on_env            start rendering every diagram of the build (cached by content), in the background
    on_page_markdown  diagram requests and the attention blocks
    on_post_page      inline the SVG diagrams, with links relative to the page
    on_post_build     finish rendering; swap the new site in (see _build_aside)
    on_serve          watch the data, the content, the templates and the repository's commits
    on_shutdown       stop any Graphviz still drawing; remove the temporary pages folder
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Iterator

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import TableOfContents
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from mentornet import diagrams, pipeline
from mentornet.audience import Audience, UnknownAudience, pages as page_rules
from mentornet.core import caching, urls
from mentornet.core.layout import LINK_LEADS_OUT
from mentornet.core.problems import PortfolioError
from mentornet.site import bundle, html as html_stage, pages as pages_stage, swap
from mentornet.site.assembly import SiteStages
from mentornet.site.config import REQUIRED_AUDIENCE, MentornetConfig
from mentornet.site.protect import check_password
from mentornet.site.tree import OLD_LAYOUT, TreeProblem, check_docs_folder
from mentornet.site.tree import blocks as tree_blocks

log = logging.getLogger("mkdocs.plugins.mentornet")

OVERRIDES = Path(__file__).parent / "overrides"
#: The file in a served site folder that says for whom (audience and options) it was built.
BUILT_FOR = ".mentornet-built-for"
#: People and journal entries from which `mkdocs serve` suggests `--dirty`.
SERVE_HINT_AT = 300
#: The pipeline's stages whose results last until the build ends (see :func:`_freeze`).
LASTING = frozenset({"load", "analysis", "history", "pages"})
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "admonition", "tables", "def_list")


class MentornetPlugin(BasePlugin[MentornetConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.command = "build"
        self.dirty = False
        self.hinted = False
        self.final_site_dir: Path | None = None
        self.session: pipeline.Session | None = None
        self.scratch: Path | None = None
        self.made_before: set[str] = set()
        #: The pages of the last site ``mkdocs serve`` built, by what it was built for (audience and
        #: options), and whether this build is the page of problems (see _problems_site).
        self.served_pages: tuple[str, frozenset[str]] = ("", frozenset())
        self.broken = False
        self.site_lock = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty

    def on_shutdown(self) -> None:
        """The end of ``mkdocs build`` or ``serve`` (MkDocs calls it even when a build fails or
        serving is interrupted): no Graphviz left drawing, no temporary pages folder left."""
        if getattr(self, "diagrams", None) is not None:
            self.diagrams.cancel()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None
        self._release_site()

    def _pages_dir(self) -> Path:
        """Where ``--dirty`` keeps generated pages: the cache, or with ``cache: false`` a
        temporary folder of this process (nothing is left in the project)."""
        if self.project.cache_dir is not None:
            return self.project.cache_dir / "pages" / self.audience.name
        if self.scratch is None:
            self.scratch = Path(tempfile.mkdtemp(prefix="mentornet-pages-"))  # removed by on_shutdown
        return self.scratch / self.audience.name

    def _on_disk(self, src_uri: str, content: str | bytes) -> str:
        """A generated page as a file that keeps its time stamp while its content stays the same,
        so ``mkdocs serve --dirty`` rebuilds only the pages a change touched."""
        path = self._pages_dir() / src_uri
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return str(path)

    @contextmanager
    def _stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
        if name in LASTING:
            _freeze()

    # -- configuration and data ---------------------------------------------------------

    @event_priority(50)  # before encryptcontent reads its options (see _theme)
    def on_config(self, config):
        if not self.config.enabled:
            return
        self.timings = {}
        self._refuse_twice(config)
        root = Path(config.config_file_path or ".").resolve().parent
        config_file = Path(config.config_file_path or "mkdocs.yml").name
        try:
            options = pipeline.Options.from_config(self.config, config.docs_dir, config_file)
            self.project = pipeline.Project.of(root, options)
            required = os.environ.get(REQUIRED_AUDIENCE)
            if required is not None and Audience.named(required) is not options.audience:
                raise PluginError(f"mentornet: {config_file} builds the site for the {options.audience} audience, "
                                  f"not for '{required}': build it without --audience, or let the configuration "
                                  "choose with `audience: !ENV [MENTORNET_AUDIENCE, owner]`")
        except (pipeline.OptionProblem, UnknownAudience) as error:
            said = str(error)
            raise PluginError(f"mentornet: {said}" if said.startswith(f"{config_file}:")
                              else f"mentornet: {config_file}: the option {said}") from None
        self.audience = options.audience
        if self.command == "serve" and self.session is None:  # kept between rebuilds
            self.session = pipeline.Session()
        self.stages = SiteStages(self.project, self.session)
        self.layout = self.project.layout
        self.converter = self._converter()
        if self.command != "serve":  # build and gh-deploy empty the site folder
            self._refuse_site_folder(config)
        if self.command == "build":
            self._build_aside(config)
        self._theme(config)
        self.stages.protected = self.protected
        return config

    def _converter(self) -> html_stage.Converter:
        """The kept conversions of pages to HTML (on disk but with ``cache: false``);
        ``mkdocs serve`` keeps the same between rebuilds."""
        cache_dir = self.project.cache_dir
        path = cache_dir / f"html-{self.audience.name}.pickle" if cache_dir is not None else None
        converter = getattr(self, "converter", None)
        if converter is None or converter.path != path:
            converter = html_stage.Converter(path)
        converter.start()
        return converter

    def _theme(self, config) -> None:
        """What the theme needs: the extensions and assets of the generated pages, the audience's
        banner, and no sitemap behind a password."""
        self.protected = "encryptcontent" in config.plugins
        if self.protected:
            check_password(config.plugins["encryptcontent"].config)
            # its key cache is a file beside mkdocs.yml that holds the password: never written
            config.plugins["encryptcontent"].config["cache_file"] = ""
            # a password-protected site has no sitemap: its addresses would name the people
            config.theme.static_templates.discard("sitemap.xml")
        if self.audience.shared:
            self._add_banner(config)
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if bundle.STYLESHEET not in config.extra_css:
            config.extra_css.append(bundle.STYLESHEET)
        if bundle.SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(bundle.SCRIPT)

    def _report_history(self) -> None:
        """The history's problems, as warnings (what the user can mend) or information."""
        found = self.history
        if found is None:
            return
        from mentornet.history import gitread

        if found.shallow:
            first = next((s.day for s in found.snapshots if s.day), None)
            log.warning(f"mentornet: history: {gitread.shallow_warning(first)}")
        for warning in found.warnings:  # the settings: what the user can mend
            log.warning(f"mentornet: history: {warning}")
        report = log.info if self.config.history.left_out == "info" else log.warning
        for skipped in found.skipped:  # past commits: also listed on the history page
            report(f"mentornet: history: {skipped}")
        if found.stats:
            stats = found.stats
            log.debug(f"mentornet: history: {stats['revisions']} revision(s), {stats['from_cache']} from the "
                      f"cache; {stats['blobs_read']} blob(s) read, {stats['parsed']} parsed")

    def _add_banner(self, config) -> None:
        """Material's announcement bar names the audience: our main.html, before the theme's own."""
        dirs = config.theme.dirs
        theme_dir = next((i for i, d in enumerate(dirs) if Path(d, "base.html").is_file()), len(dirs))
        if str(OVERRIDES) not in dirs:
            dirs.insert(theme_dir, str(OVERRIDES))

    def on_env(self, env, *, config, files):
        """Every page's Markdown is converted: render all the diagrams they asked for at once."""
        if not self.config.enabled:
            return env
        env.globals["mentornet_audience"] = self.audience
        self.files = files
        if self.broken:
            return env
        with self._stage("diagrams"):
            try:
                self.diagrams.start()
            except diagrams.GraphvizMissing as error:
                raise PluginError(str(error)) from None
        return env

    @event_priority(10)  # before mkdocs-encryptcontent-plugin (priority 0) encrypts the page
    def on_page_context(self, context, *, page: Page, config, nav):
        """A password-protected page is encrypted before ``on_post_page``: its diagrams go into
        the text to encrypt, so they appear once the page is unlocked."""
        if self.config.enabled and self.protected:
            # the table of contents (the sidebar, the skip link's anchor) stays outside the
            # encrypted content, and its headings name people: a protected page has none
            page.toc = TableOfContents([])
        protected = getattr(page, "encryptcontent", None)
        if self.config.enabled and not self.broken and isinstance(protected, dict) \
                and protected.get("html_to_encrypt"):
            protected["html_to_encrypt"] = self.diagrams.insert(protected["html_to_encrypt"], page.url,
                                                                self._url_of)
        return context

    def on_post_page(self, output: str, *, page: Page, config) -> str:
        if not self.config.enabled or self.broken or "mentornet-diagram" not in output:
            return output
        return self.diagrams.insert(output, page.url, self._url_of)

    def _url_of(self, src_uri: str) -> str | None:
        file = self.files.get_file_from_path(src_uri)
        return file.url if file is not None else None

    # -- files and navigation -------------------------------------------------------------

    def on_pre_build(self, *, config) -> None:
        """``mkdocs serve --dirty`` keeps the pages it built before: when the site's audience or
        options changed since, none of them may stay, so the folder starts empty."""
        if not self.config.enabled or not (self.command == "serve" and self.dirty):
            return
        marker = Path(config.site_dir) / BUILT_FOR
        built_for = self._built_for()
        if marker.is_file() and marker.read_text(encoding="utf-8") != built_for:
            from mkdocs.utils import clean_directory

            clean_directory(config.site_dir)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(built_for, encoding="utf-8")

    def _built_for(self) -> str:
        from mentornet.core import caching

        return caching.digest([self.project.options])

    @event_priority(-50)  # after other plugins have added their files
    def on_files(self, files: Files, *, config) -> Files:
        """Run the pipeline, and make the files the audience's: the engine's own docs folder
        (public by construction) and mentornet's tree, nothing else."""
        if not self.config.enabled:
            return files
        self._refuse_links_leading_out(files, config)
        self._warn_old_layout()
        docs_pages = frozenset(file.src_uri for file in files if file.generated_by is None
                               and not self._from_content(file))
        keep = frozenset(Path(uri).as_posix() for uri in (*config.extra_css, *config.extra_javascript))
        stages = self.stages
        self.broken = False
        try:
            check_docs_folder(self.layout)
            with self._stage("load"):
                self.portfolio = stages.portfolio
            with self._stage("analysis"):
                self.analysis = stages.analysis
            with self._stage("history"):
                self.history = stages.history
            self._report_history()
            self.diagrams = stages.diagrams
            with self._stage("pages"):
                tree = stages.tree(keep=keep, skip=docs_pages, protected=self.protected)
        except PortfolioError as error:
            message = (f"mentornet found {len(error.problems)} problem(s) in the portfolio; the site was not "
                       f"built:\n{error.report()}")
            if self.command != "serve":
                raise PluginError(message) from None
            return self._problems_site(files, config, message, [str(problem) for problem in error.problems])
        except pipeline.OptionProblem as error:
            raise PluginError(f"mentornet: the option {error}") from None
        except (pages_stage.TemplateProblem, page_rules.VisibilityProblem, TreeProblem) as error:
            if self.command != "serve":
                raise PluginError(f"mentornet: {error}") from None
            return self._problems_site(files, config, f"mentornet: {error}", str(error).splitlines())
        for warning in tree.warnings:
            log.warning(f"mentornet: {warning}")
        self.entry_uris = frozenset(entry.src_uri for entry in self.portfolio.journal)
        self.drawn = {uri: made.drawn for uri, made in tree.files.items() if made.drawn}
        if self.command == "serve" and not self.dirty and not self.hinted \
                and len(self.portfolio.people) + len(self.portfolio.journal) > SERVE_HINT_AT:
            self.hinted = True  # once per `mkdocs serve`, not on every rebuild
            log.info("mentornet: a large portfolio rebuilds faster with `mkdocs serve --dirty`, "
                     "with which MkDocs writes again only the pages a change touches")

        for file in [f for f in files if self._from_content(f)]:
            files.remove(file)  # the layout before 0.2: the content folder is the docs folder
        if self.protected and files.get_file_from_path("sitemap.xml") is not None:
            files.remove(files.get_file_from_path("sitemap.xml"))  # the theme's template, not rendered
        for uri, made in tree.files.items():
            present = files.get_file_from_path(uri)
            if present is not None:
                log.warning(f"mentornet: {self.layout.shown(self.layout.docs_dir / uri)}: mentornet makes "
                            f"this page from {self.layout.shown(self.layout.content_dir)}; the copy in the "
                            "docs folder is left out")
                files.remove(present)
            if made.source is not None:
                files.append(File.generated(config, uri, abs_src_path=str(made.source)))
            elif self.dirty:
                files.append(File.generated(config, uri, abs_src_path=self._on_disk(uri, made.content)))
            else:
                files.append(File.generated(config, uri, content=made.content))
        if self.dirty:  # pages no longer generated go (the folder holds the last build's only)
            folder = self._pages_dir()
            for path in folder.rglob("*") if folder.is_dir() else ():
                if path.is_file() and path.relative_to(folder).as_posix() not in tree.files:
                    path.unlink()
        for uri, text in bundle.files().items():
            files.append(File.generated(config, uri, content=text))
        if self.command == "serve":
            self.served_pages = (self._built_for(), frozenset(file.src_uri for file in files.documentation_pages()))
        return files

    def _problems_site(self, files: Files, config, message: str, problems: list[str]) -> Files:
        """Under ``mkdocs serve`` a mistake in the portfolio gives a site of one page, at every
        address the last site had, so the browser reloads to it rather than wait: the owner's
        preview lists the problems, another audience's quotes none (:meth:`Audience.told`).
        ``mkdocs build`` stops instead (see :meth:`on_files`)."""
        log.error(message)
        told = [line for line in (self.audience.told(problem, "") for problem in problems) if line]
        try:
            page = self.stages.templates.get_template("problems.md").render(audience=self.audience,
                                                                              problems=told)
        except (jinja2.TemplateError, OSError):  # a problems.md of the user's own that fails: the terminal only
            raise PluginError(message) from None
        self.broken = True
        # the addresses of the last site built for this same audience and options, never another's
        built_for, served = self.served_pages
        pages = {file.src_uri for file in files.documentation_pages()} | {"index.md"}
        if built_for == self._built_for():
            pages |= served
        for file in [f for f in files if f.is_documentation_page() or self._from_content(f)]:
            files.remove(file)
        for uri in sorted(pages):
            files.append(File.generated(config, uri, content=page))
        for uri, text in bundle.files().items():
            files.append(File.generated(config, uri, content=text))
        return files

    def _from_content(self, file: File) -> bool:
        """Whether MkDocs found ``file`` in mentornet's content folder (the layout before 0.2)."""
        return bool(self.layout.engine_reads_content and file.generated_by is None and file.abs_src_path
                    and Path(file.abs_src_path).is_relative_to(self.layout.content_dir))

    def _warn_old_layout(self) -> None:
        """The layout before 0.2 leaves the journal where any engine reads it (once per serve)."""
        if self.layout.engine_reads_content and not getattr(self, "warned_layout", False):
            self.warned_layout = True
            log.warning(f"mentornet: {OLD_LAYOUT.format(docs=self.layout.shown(self.layout.docs_dir))}")

    def _refuse_links_leading_out(self, files: Files, config) -> None:
        """Files in the docs folder that are symbolic links to somewhere outside the repository."""
        docs = Path(config.docs_dir)
        refused = [self.layout.shown(docs / file.src_uri) for file in files
                   if file.abs_src_path and file.generated_by is None and file.src_dir == config.docs_dir
                   and not self.layout.contains(file.abs_src_path)]
        if refused:
            raise PluginError("mentornet refused to build the site:\n" + "\n".join(
                f"{shown}:1:1: {LINK_LEADS_OUT}" for shown in refused))

    def _refuse_twice(self, config) -> None:
        """Two instances would each build the site aside and swap it in: the second would swap
        away the first's, and no site would be left."""
        listed = [p for p in config.plugins.values() if isinstance(p, MentornetPlugin) and p.config.enabled]
        if len(listed) > 1:
            raise PluginError(f"mentornet: {config.config_file_path or 'mkdocs.yml'}: the plugin mentornet is "
                              f"listed {len(listed)} times under plugins; list it once")

    def _refuse_site_folder(self, config) -> None:
        """The layout's one rule for site folders (core/layout.py), before anything is emptied."""
        problem = self.layout.site_folder_problem(Path(config.site_dir), self.project.cache_dir)
        if problem:
            raise PluginError(f"mentornet: {problem} (site_dir in {Path(config.config_file_path or 'mkdocs.yml').name}"
                              ", or mkdocs build -d)")

    def _build_aside(self, config) -> None:
        """Build into a sibling folder, swapped in only when the build succeeds (site/swap.py),
        once the layout's rule accepts the site folder; builds into one folder take turns."""
        final = Path(config.site_dir)
        self._release_site()
        self.site_lock = swap.prepare(final, lambda: log.info(
            f"mentornet: another build is writing {final}; waiting for it to finish"))
        self.final_site_dir = final
        self.partial_site_dir = final.with_name(final.name + ".partial")
        config.site_dir = str(self.partial_site_dir)

    def _release_site(self) -> None:
        if self.site_lock is not None:
            self.site_lock.release()
            self.site_lock = None

    @event_priority(100)  # before the search plugin writes its index
    def _on_post_build_search(self, *, config) -> None:
        """Under ``mkdocs serve --dirty`` Material's search keeps the entries of earlier builds
        for the pages it did not rebuild: none may survive of a page this build rebuilt (it
        may have lost a passage) or left out (a person made private since)."""
        if not self.config.enabled or not (self.command == "serve" and self.dirty):
            return
        search = next((p for name, p in config.plugins.items() if name in ("material/search", "search")), None)
        previous = getattr(search, "search_index_prev", None)
        current = getattr(search, "search_index", None)
        if previous is None or current is None:
            return
        pages = {file.url for file in self.files.documentation_pages()}
        rebuilt = {entry["location"].split("#", 1)[0] for entry in current.entries}
        previous.entries = [entry for entry in previous.entries
                            if entry["location"].split("#", 1)[0] in pages - rebuilt]

    @event_priority(-100)  # last, once every other plugin has written its files
    def _on_post_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        gc.unfreeze()
        if self.broken:  # the page of problems (see _problems_site): nothing drawn, nothing to keep
            if self.dirty:
                self._remove_stale_pages(config)
            return
        with self._stage("diagrams"):
            result = self.diagrams.finish()
        log.info(f"mentornet: {result.summary()}")
        for key, message in sorted(result.errors.items()):
            log.warning(f"mentornet: a diagram could not be drawn ({key}): {message}")
        if self.command == "build" and self.final_site_dir is not None and _strict_warnings(config):
            # MkDocs aborts a --strict build with warnings after this event: keep the old site
            shutil.rmtree(self.partial_site_dir, ignore_errors=True)
            config.site_dir = str(self.final_site_dir)
            self._release_site()
            log.info("mentornet: the build had warnings in strict mode, so the previous site was kept")
        elif self.command == "build" and self.final_site_dir is not None:
            try:
                swap.swap_in(self.partial_site_dir, self.final_site_dir)
            finally:
                self._release_site()
            config.site_dir = str(self.final_site_dir)
        caching.prune_all(self.project.cache_dir, len(self.portfolio.people))
        self.converter.save(prune=not self.dirty)
        log.debug(f"mentornet: pages: {self.converter.stats['converted']} converted to HTML, "
                  f"{self.converter.stats['kept']} kept")
        if self.command == "serve" and self.dirty:
            self._remove_stale_pages(config)
        summary = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in self.timings.items())
        log.debug(f"mentornet: timings: {summary}")

    def _remove_stale_pages(self, config) -> None:
        """``--dirty`` leaves in the site folder what an earlier build wrote: the page of a person
        made private since would still be served. Only this build's files may stay."""
        site = Path(config.site_dir)
        expected = {file.dest_uri for file in self.files} | set(config.theme.static_templates) | {BUILT_FOR}
        for path in sorted(site.rglob("*"), reverse=True):
            relative = path.relative_to(site).as_posix()
            if path.is_file() and relative not in expected and (relative.endswith(".html")
                                                                 or relative in self.made_before):
                path.unlink()
                for folder in path.parents:
                    if folder == site or any(folder.iterdir()):
                        break
                    folder.rmdir()
        self.made_before = set(expected)

    on_post_build = CombinedEvent(_on_post_build_search, _on_post_build)

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        if getattr(self, "diagrams", None) is not None:
            self.diagrams.cancel()
        if self.command == "build" and self.final_site_dir is not None and self.site_lock is not None:
            shutil.rmtree(self.partial_site_dir, ignore_errors=True)
        self._release_site()

    def on_nav(self, nav: Navigation, *, config, files) -> Navigation:
        if self.config.enabled and self.broken:  # one page of problems, wherever the browser is
            nav.items = [item for item in nav.items if _index_page(item) is not None
                         and _index_page(item).file.src_uri == "index.md"]
            return nav
        if not self.config.enabled or config.nav or not self.config.short_navigation:
            return nav
        order = {src: index for index, (src, _, _) in enumerate(pages_stage.SECTION_PAGES)}

        def rank(item) -> tuple[int, int]:
            page = _index_page(item)
            if page is not None and page.file.src_uri in ("index.md", "README.md"):
                return (0, 0)
            if page is not None and page.file.src_uri in order:
                return (1, order[page.file.src_uri])
            return (2, 0)

        for position, item in enumerate(nav.items):
            index = _index_page(item)
            if isinstance(item, Section) and index is not None \
                    and index.file.src_uri in ("people/index.md", "journal/index.md"):
                index.parent = None  # the section's index page stands in for the whole section
                nav.items[position] = index
        nav.items.sort(key=rank)
        nav.pages = [page for page in _walk(nav.items)]
        for previous, page in zip([None, *nav.pages], nav.pages):
            page.previous_page = previous
            if previous is not None:
                previous.next_page = page
        if nav.pages:
            nav.pages[-1].next_page = None
        return nav

    # -- pages ----------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        if not self.config.enabled or self.broken:
            return markdown
        if self.protected:
            self._neutral_title(page)
        with self._stage("diagrams"):
            markdown, problems = self.diagrams.expand(
                markdown, blocks=self._blocks(page.file.src_uri))
        for problem in problems:
            log.warning(f"mentornet: {page.file.src_uri}:{problem.line}: {problem.error}")
        self.converter.attach(page, drawn=self.drawn.get(page.file.src_uri, ""))
        return markdown

    def _neutral_title(self, page: Page) -> None:
        """Encryption hides a page's content, not its title, description or tags: no page of a
        protected site has a description or tags, and a person's or an entry's page has a
        neutral title."""
        page.meta.pop("description", None)
        page.meta.pop("tags", None)
        uri = page.file.src_uri
        person = urls.is_person_page(uri)
        if person or uri in self.entry_uris:
            page.meta["title"] = "A person in the network" if person else "A journal entry"

    def _blocks(self, src_uri: str) -> dict:
        """The page's ``attention`` and ``summary`` blocks (site/tree.py), template failures
        reported as MkDocs reports a plugin's."""
        def reported(render):
            try:
                return render()
            except pages_stage.TemplateProblem as error:
                raise PluginError(f"mentornet: {error}") from None

        return {name: partial(reported, render) for name, render in tree_blocks(self.stages, src_uri).items()}

    def on_serve(self, server, *, config, builder):
        """Rebuild when the data, the content, the templates or the repository's commits change."""
        if self.config.enabled:
            watched = [self.layout.data_dir, self.layout.content_dir]
            if self.config.templates:
                watched.append(Path(self.config.templates))
            git = self.layout.root / ".git"
            if git.is_dir():  # a commit moves HEAD or a branch: the history page follows
                watched += [path for path in (git / "HEAD", git / "refs") if path.exists()]
            for path in watched:
                if path.exists():
                    server.watch(str(path))
        return server


def _freeze() -> None:
    """What a stage of :data:`LASTING` made (the portfolio, its history, the pages' Markdown)
    lives until the build ends: Python's garbage collector need not walk it again while the
    next stages and MkDocs' conversion and rendering of every page make millions of
    short-lived objects.
    ``on_post_build`` (or ``on_build_error``) hands it all back to the collector, so what
    ``mkdocs serve`` drops between rebuilds is collected as before."""
    gc.freeze()


def _strict_warnings(config) -> bool:
    """Whether MkDocs will abort this build for its warnings (``--strict``), as it decides it:
    by the counting handler it put on its logger."""
    if not config.strict:
        return False
    from mkdocs.utils import CountHandler

    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)


def _index_page(item) -> Page | None:
    if isinstance(item, Page):
        return item
    if isinstance(item, Section):
        for child in item.children:
            if isinstance(child, Page) and child.file.name == "index":
                return child
    return None


def _walk(items) -> Iterator[Page]:
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _walk(item.children)
