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

from functools import partial

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from mentornet import diagrams, pipeline
from mentornet.audience import pages as page_rules
from mentornet.core import caching, collector
from mentornet.core.problems import PortfolioError
from mentornet.site import diagram_pages, dirty, files as site_files, guard, html, nav as short_nav, report, theme
from mentornet.site import pages as pages_stage
from mentornet.site.aside import Aside
from mentornet.site.assembly import SiteStages
from mentornet.site.config import MentornetConfig
from mentornet.site.problems import ProblemsSite, told
from mentornet.site.project import built_for, project_of, watched
from mentornet.site.tree import TreeProblem, check_docs_folder

log = get_plugin_logger(__name__)


class MentornetPlugin(BasePlugin[MentornetConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command, self.dirty, self.hinted, self.broken = "build", False, False, False
        self.session: pipeline.Session | None = None
        #: None until the first build's configuration is read (``mkdocs serve`` keeps it after).
        self.converter: html.Converter | None = None
        self.diagrams: diagrams.DiagramSet | None = None
        self.made_nav: list | None = None  # the short navigation this plugin gave MkDocs' configuration
        self.aside, self.dirty_build, self.problems, self.old_layout = Aside(), dirty.Dirty(), ProblemsSite(), \
            guard.OldLayout()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    @event_priority(50)  # before encryptcontent reads its options (see theme.prepare)
    def on_config(self, config):
        if not self.config.enabled:
            return
        self.timings = report.Timings()
        guard.refuse_twice(config, lambda plugin: isinstance(plugin, MentornetPlugin))
        self.project = project_of(self.config, config)
        self.audience, self.layout = self.project.options.audience, self.project.layout
        if self.command == "serve" and self.session is None:  # kept between rebuilds
            self.session = pipeline.Session()
        self.stages = SiteStages(self.project, self.session)
        cache_dir = self.project.cache_dir
        self.converter = html.Converter.for_build(self.converter, cache_dir, self.audience.name)
        if self.command != "serve":  # build and gh-deploy empty the site folder
            guard.refuse_site_folder(config, self.layout, cache_dir)
        if self.command == "build":
            self.aside.start(config)
        self.protected = self.stages.protected = theme.prepare(config, self.audience)
        return config

    def on_pre_build(self, *, config) -> None:
        if self.config.enabled and self.command == "serve" and self.dirty:
            self.dirty_build.start(config.site_dir, built_for(self.project))

    @event_priority(-50)  # after other plugins have added their files
    def _on_files(self, files: Files, *, config) -> Files:
        """Run the pipeline, and make the files the audience's: the engine's own docs folder
        (public by construction) and mentornet's tree, nothing else."""
        if not self.config.enabled:
            return files
        guard.refuse_links_leading_out(files, config, self.layout)
        self.old_layout.warn(self.layout)
        from_content = partial(guard.from_content, layout=self.layout)
        docs_pages, keep = site_files.written(files, config, from_content)
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
        except pipeline.OptionProblem as error:
            raise PluginError(f"mentornet: the option {error}") from None
        except (PortfolioError, pages_stage.TemplateProblem, page_rules.VisibilityProblem, TreeProblem) as error:
            if self.command != "serve":  # `mkdocs build` stops; `mkdocs serve` shows the page of problems
                raise PluginError(told(error)[0]) from None
            self.broken = True
            return self.problems.make(files, config, *told(error), self.audience, self.stages.templates,
                                      built_for(self.project), from_content)
        for warning in tree.warnings:
            log.warning(warning)
        self.entry_uris = frozenset(entry.src_uri for entry in portfolio.journal)
        if self.command == "serve" and not self.dirty and not self.hinted:  # once per `mkdocs serve`
            self.hinted = report.suggest_dirty(portfolio)
        kept = (self.dirty_build, self.dirty_build.pages_dir(self.project.cache_dir, self.audience.name)) \
            if self.dirty else None
        assert self.converter is not None  # made in on_config
        site_files.audience_files(files, config, tree, self.layout, self.converter, from_content, self.protected, kept)
        if self.command == "serve":
            self.problems.remember(built_for(self.project), files)
        return files

    @event_priority(-100)  # last: every file of the site is there
    def _on_files_nav(self, files: Files, *, config) -> Files:
        if self.config.enabled and not self.broken and self.config.short_navigation \
                and config.nav in (None, self.made_nav):
            self.made_nav = config.nav = short_nav.short(files, config)
        return files

    on_files = CombinedEvent(_on_files, _on_files_nav)

    def on_nav(self, nav: Navigation, *, config, files) -> Navigation:
        return short_nav.problems_only(nav) if self.config.enabled and self.broken else nav

    def on_env(self, env, *, config, files):
        if self.config.enabled:
            env.globals["mentornet_audience"] = self.audience
            self.files, self.url_of = files, diagram_pages.url_of(files)
            if not self.broken and self.diagrams is not None:
                with self.timings.stage("diagrams"):
                    diagram_pages.start(self.diagrams)
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        if not self.config.enabled or self.broken or self.diagrams is None:
            return markdown
        if self.protected:
            theme.neutral_title(page, self.entry_uris)
        with self.timings.stage("diagrams"):
            return diagram_pages.expand(self.diagrams, self.stages, markdown, page.file.src_uri)

    @event_priority(10)  # before mkdocs-encryptcontent-plugin (priority 0) encrypts the page
    def on_page_context(self, context, *, page: Page, config, nav):
        """A protected page's table of contents (outside the encrypted content) would name people:
        it has none; its diagrams go into the text to encrypt."""
        if self.config.enabled and self.protected:
            page.toc = TableOfContents([])
        protected = getattr(page, "encryptcontent", None)
        if self.config.enabled and not self.broken and self.diagrams is not None and isinstance(protected, dict) \
                and protected.get("html_to_encrypt"):
            protected["html_to_encrypt"] = self.diagrams.insert(protected["html_to_encrypt"], page.url, self.url_of)
        return context

    def on_post_page(self, output: str, *, page: Page, config) -> str:
        if not self.config.enabled or self.broken or self.diagrams is None or "mentornet-diagram" not in output:
            return output
        return self.diagrams.insert(output, page.url, self.url_of)

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
            self.dirty_build.remove_stale(config, self.files)
        if not self.broken:
            self.timings.report()

    on_post_build = CombinedEvent(_on_post_build_search, _on_post_build)

    def on_build_error(self, *, error: Exception) -> None:
        collector.collect_everything()
        if self.diagrams is not None:
            self.diagrams.cancel()
        self.aside.abandon()

    def on_serve(self, server, *, config, builder):
        for path in watched(self.layout, self.config.templates) if self.config.enabled else ():
            server.watch(str(path))
        return server

    def on_shutdown(self) -> None:
        """The end of ``mkdocs build`` or ``serve`` (MkDocs calls it even when a build fails or
        serving is interrupted): no Graphviz left drawing, no temporary pages folder left."""
        if self.diagrams is not None:
            self.diagrams.cancel()
        self.dirty_build.close()
        self.aside.release()
