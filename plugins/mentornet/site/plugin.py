"""The MkDocs plugin: an adapter from MkDocs' events to mentornet's one pipeline.

    on_startup        which command runs (build, serve), and whether ``--dirty``
    on_config         the options and the pipeline's stages for this build; what the theme needs
    on_pre_build      ``serve --dirty``: no page of a site built for another audience stays
    on_files          run the pipeline; replace the content with the audience's tree; the short navigation
    on_nav            the page of problems alone (``serve`` of a portfolio with mistakes)
    on_env            start rendering every diagram of the build (cached by content), in the background
    on_page_markdown  diagram requests and the attention blocks
    on_page_context   a protected page: no table of contents, its diagrams inside what is encrypted
    on_post_page      inline the SVG diagrams, with links relative to the page
    on_post_build     finish rendering; swap the new site in; keep the conversions
    on_build_error    the old site stays; no Graphviz left drawing
    on_serve          watch the data, the content, the templates and the repository's commits
    on_shutdown       stop any Graphviz still drawing; remove the temporary pages folder
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from mentornet import diagrams, pipeline
from mentornet.audience import Audience, UnknownAudience, pages as page_rules
from mentornet.core import caching, collector, urls
from mentornet.core.problems import PortfolioError
from mentornet.site import bundle, dirty, guard, html, nav as short_nav, pages as pages_stage, report, theme
from mentornet.site.aside import Aside
from mentornet.site.assembly import SiteStages
from mentornet.site.config import REQUIRED_AUDIENCE, MentornetConfig
from mentornet.site.conversion import ConvertedPage
from mentornet.site.problems import ProblemsSite
from mentornet.site.tree import TreeProblem, check_docs_folder
from mentornet.site.tree import blocks as tree_blocks

log = get_plugin_logger(__name__)

#: People and journal entries from which `mkdocs serve` suggests `--dirty`.
SERVE_HINT_AT = 300


class MentornetPlugin(BasePlugin[MentornetConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command, self.dirty, self.hinted, self.broken = "build", False, False, False
        self.session: pipeline.Session | None = None
        self.converter: html.Converter | None = None
        self.diagrams: diagrams.DiagramSet | None = None
        self.made_nav: list | None = None  # the short navigation this plugin gave MkDocs' configuration
        self.aside, self.kept_dirty, self.problems, self.old_layout = Aside(), dirty.Dirty(), ProblemsSite(), \
            guard.OldLayout()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    @event_priority(50)  # before encryptcontent reads its options (see theme.prepare)
    def on_config(self, config):
        if not self.config.enabled:
            return
        self.timings = report.Timings()
        guard.refuse_twice(config, lambda plugin: isinstance(plugin, MentornetPlugin))
        config_file = Path(config.config_file_path or "mkdocs.yml").name
        try:
            options = pipeline.Options.from_config(self.config, config.docs_dir, config_file)
            self.project = pipeline.Project.of(Path(config.config_file_path or ".").resolve().parent, options)
            required = os.environ.get(REQUIRED_AUDIENCE)
            if required is not None and Audience.named(required) is not options.audience:
                raise PluginError(f"mentornet: {config_file} builds the site for the {options.audience} audience, "
                                  f"not for '{required}': build it without --audience, or let the configuration "
                                  "choose with `audience: !ENV [MENTORNET_AUDIENCE, owner]`")
        except (pipeline.OptionProblem, UnknownAudience) as error:
            said = str(error)
            raise PluginError(f"mentornet: {said}" if said.startswith(f"{config_file}:")
                              else f"mentornet: {config_file}: the option {said}") from None
        self.audience, self.layout = options.audience, self.project.layout
        if self.command == "serve" and self.session is None:  # kept between rebuilds
            self.session = pipeline.Session()
        self.stages = SiteStages(self.project, self.session)
        cache_dir = self.project.cache_dir
        path = cache_dir / f"html-{self.audience.name}.pickle" if cache_dir is not None else None
        if self.converter is None or self.converter.path != path:  # serve keeps it between rebuilds
            self.converter = html.Converter(path)
        self.converter.start()
        if self.command != "serve":  # build and gh-deploy empty the site folder
            guard.refuse_site_folder(config, self.layout, cache_dir)
        if self.command == "build":
            self.aside.start(config)
        self.protected = self.stages.protected = theme.prepare(config, self.audience)
        return config

    def on_pre_build(self, *, config) -> None:
        if self.config.enabled and self.command == "serve" and self.dirty:
            self.kept_dirty.start(config.site_dir, self._built_for())

    def _built_for(self) -> str:
        return caching.digest([self.project.options])

    @event_priority(-50)  # after other plugins have added their files
    def _on_files(self, files: Files, *, config) -> Files:
        """Run the pipeline, and make the files the audience's: the engine's own docs folder
        (public by construction) and mentornet's tree, nothing else."""
        if not self.config.enabled:
            return files
        guard.refuse_links_leading_out(files, config, self.layout)
        self.old_layout.warn(self.layout)
        from_content = partial(guard.from_content, layout=self.layout)
        docs_pages = frozenset(file.src_uri for file in files if file.generated_by is None and not from_content(file))
        keep = frozenset(Path(uri).as_posix() for uri in (*config.extra_css, *config.extra_javascript))
        self.broken = False
        try:
            check_docs_folder(self.layout)
            with self.timings.stage("load"):
                portfolio = self.stages.portfolio
            with self.timings.stage("analysis"):
                self.stages.analysis  # noqa: B018 (computed here, to be timed)
            with self.timings.stage("history"):
                history = self.stages.history
            report.history(history, self.config.history.left_out)
            self.diagrams = self.stages.diagrams
            with self.timings.stage("pages"):
                tree = self.stages.tree(keep=keep, skip=docs_pages, protected=self.protected)
        except PortfolioError as error:
            return self._broken(files, config, f"mentornet found {len(error.problems)} problem(s) in the portfolio; "
                                f"the site was not built:\n{error.report()}", [str(p) for p in error.problems])
        except pipeline.OptionProblem as error:
            raise PluginError(f"mentornet: the option {error}") from None
        except (pages_stage.TemplateProblem, page_rules.VisibilityProblem, TreeProblem) as error:
            return self._broken(files, config, f"mentornet: {error}", str(error).splitlines())
        for warning in tree.warnings:
            log.warning(warning)
        self.entry_uris = frozenset(entry.src_uri for entry in portfolio.journal)
        if self.command == "serve" and not self.dirty and not self.hinted \
                and len(portfolio.people) + len(portfolio.journal) > SERVE_HINT_AT:
            self.hinted = True  # once per `mkdocs serve`, not on every rebuild
            log.info("a large portfolio rebuilds faster with `mkdocs serve --dirty`, "
                     "with which MkDocs writes again only the pages a change touches")
        for file in [f for f in files if from_content(f)]:
            files.remove(file)  # the layout before 0.2: the content folder is the docs folder
        if self.protected and files.get_file_from_path("sitemap.xml") is not None:
            files.remove(files.get_file_from_path("sitemap.xml"))  # the theme's template, not rendered
        folder = self.kept_dirty.pages_dir(self.project.cache_dir, self.audience.name) if self.dirty else None
        for uri, made in tree.files.items():
            present = files.get_file_from_path(uri)
            if present is not None:
                log.warning(f"{self.layout.shown(self.layout.docs_dir / uri)}: mentornet makes this page from "
                            f"{self.layout.shown(self.layout.content_dir)}; the copy in the docs folder is left out")
                files.remove(present)
            if made.source is not None:
                file = File.generated(config, uri, abs_src_path=str(made.source))
            elif folder is not None:
                file = File.generated(config, uri, abs_src_path=self.kept_dirty.on_disk(folder, uri, made.content))
            else:
                file = File.generated(config, uri, content=made.content)
            files.append(file)
            if file.is_documentation_page():
                ConvertedPage(file, config, self.converter, made.drawn)
        if folder is not None:
            dirty.Dirty.forget_others(folder, tree.files)
        for file in files.documentation_pages():
            if file.page is None:  # the docs folder's own
                ConvertedPage(file, config, self.converter)
        for uri, text in bundle.files().items():
            files.append(File.generated(config, uri, content=text))
        if self.command == "serve":
            self.problems.remember(self._built_for(), files)
        return files

    @event_priority(-100)  # last: every file of the site is there
    def _on_files_nav(self, files: Files, *, config) -> Files:
        if self.config.enabled and not self.broken and self.config.short_navigation \
                and config.nav in (None, self.made_nav):
            self.made_nav = config.nav = short_nav.short(files, config)
        return files

    on_files = CombinedEvent(_on_files, _on_files_nav)

    def _broken(self, files: Files, config, message: str, problems: list[str]) -> Files:
        """``mkdocs build`` stops; ``mkdocs serve`` shows the page of problems (site/problems.py)."""
        if self.command != "serve":
            raise PluginError(message) from None
        self.broken = True
        return self.problems.make(files, config, message, problems, self.audience, self.stages.templates,
                                  self._built_for(), partial(guard.from_content, layout=self.layout))

    def on_nav(self, nav: Navigation, *, config, files) -> Navigation:
        return short_nav.problems_only(nav) if self.config.enabled and self.broken else nav

    def on_env(self, env, *, config, files):
        """Every page's Markdown is converted: render all the diagrams they asked for at once."""
        if not self.config.enabled:
            return env
        env.globals["mentornet_audience"] = self.audience
        self.files = files
        if not self.broken and self.diagrams is not None:
            with self.timings.stage("diagrams"):
                try:
                    self.diagrams.start()
                except diagrams.GraphvizMissing as error:
                    raise PluginError(str(error)) from None
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        if not self.config.enabled or self.broken or self.diagrams is None:
            return markdown
        if self.protected:  # encryption hides a page's content, not its title, description or tags
            page.meta.pop("description", None)
            page.meta.pop("tags", None)
            uri = page.file.src_uri
            if urls.is_person_page(uri) or uri in self.entry_uris:
                page.meta["title"] = "A person in the network" if urls.is_person_page(uri) else "A journal entry"
        with self.timings.stage("diagrams"):
            markdown, problems = self.diagrams.expand(markdown, blocks=self._blocks(page.file.src_uri))
        for problem in problems:
            log.warning(f"{page.file.src_uri}:{problem.line}: {problem.error}")
        return markdown

    def _blocks(self, src_uri: str) -> dict:
        """The page's ``attention`` and ``summary`` blocks (site/tree.py), template failures
        reported as MkDocs reports a plugin's."""
        def reported(render):
            try:
                return render()
            except pages_stage.TemplateProblem as error:
                raise PluginError(f"mentornet: {error}") from None

        return {name: partial(reported, render) for name, render in tree_blocks(self.stages, src_uri).items()}

    @event_priority(10)  # before mkdocs-encryptcontent-plugin (priority 0) encrypts the page
    def on_page_context(self, context, *, page: Page, config, nav):
        """A protected page's table of contents (outside the encrypted content) would name people:
        it has none; its diagrams go into the text to encrypt."""
        if self.config.enabled and self.protected:
            page.toc = TableOfContents([])
        protected = getattr(page, "encryptcontent", None)
        if self.config.enabled and not self.broken and self.diagrams is not None and isinstance(protected, dict) \
                and protected.get("html_to_encrypt"):
            protected["html_to_encrypt"] = self.diagrams.insert(protected["html_to_encrypt"], page.url, self._url_of)
        return context

    def on_post_page(self, output: str, *, page: Page, config) -> str:
        if not self.config.enabled or self.broken or self.diagrams is None or "mentornet-diagram" not in output:
            return output
        return self.diagrams.insert(output, page.url, self._url_of)

    def _url_of(self, src_uri: str) -> str | None:
        file = self.files.get_file_from_path(src_uri)
        return file.url if file is not None else None

    @event_priority(100)  # before the search plugin writes its index
    def _on_post_build_search(self, *, config) -> None:
        if self.config.enabled and self.command == "serve" and self.dirty:
            dirty.prune_search(config, self.files)

    @event_priority(-100)  # last, once every other plugin has written its files
    def _on_post_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        collector.collect_everything()
        if not self.broken and self.diagrams is not None and self.converter is not None:
            with self.timings.stage("diagrams"):
                report.diagrams(self.diagrams.finish())
            if self.command == "build":
                self.aside.finish(config)
            caching.prune_all(self.project.cache_dir, len(self.stages.portfolio.people))
            self.converter.save(prune=not self.dirty)
            report.conversions(self.converter.stats)
        if self.dirty and (self.command == "serve" or self.broken):
            self.kept_dirty.remove_stale(config, self.files)
        if not self.broken:
            self.timings.report()

    on_post_build = CombinedEvent(_on_post_build_search, _on_post_build)

    def on_build_error(self, *, error: Exception) -> None:
        collector.collect_everything()
        if self.diagrams is not None:
            self.diagrams.cancel()
        if self.command == "build":
            self.aside.abandon()
        self.aside.release()

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

    def on_shutdown(self) -> None:
        """The end of ``mkdocs build`` or ``serve`` (MkDocs calls it even when a build fails or
        serving is interrupted): no Graphviz left drawing, no temporary pages folder left."""
        if self.diagrams is not None:
            self.diagrams.cancel()
        self.kept_dirty.close()
        self.aside.release()
