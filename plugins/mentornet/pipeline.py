"""The one pipeline: a portfolio's sources, its options and an audience in; a site's parts out.

    load      → the whole Portfolio (typed, validated; problems carry FILE:LINE:COL)
    audience  → the Portfolio this audience may see: the one gate, everything below reads it
    analysis  → measures, traps and gaps of the audience's network
    history   → the audience's network at each commit, its changes and charts
    diagrams  → the diagrams the pages ask for (drawn by Graphviz, cached by content)

The MkDocs plugin and every ``mentornet`` command run it through :class:`Stages`, whose
stages are computed once each, on first use, in that one direction. It stops at typed data:
the pages made from it (and the audience's complete tree) are the site's part,
:class:`mentornet.site.assembly.SiteStages`. Nothing here knows MkDocs or page templates.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Optional

from mentornet.audience import OWNER, Audience, LooserThanPolicy, View, effective, view
from mentornet.audience.policy import POLICY_FILE
from mentornet.core.layout import CONTENT_DIR, DATA_DIR, PUBLIC_DIR, Layout
from mentornet.core.model import NotADay, Portfolio, Sharing, day_of
from mentornet.core.problems import PortfolioError
from mentornet.core.visibility import VISIBILITIES
from mentornet.core.yamldata import Yaml, YamlMap

if TYPE_CHECKING:  # each stage's package is imported when the stage first runs
    from mentornet.analysis import Analysis, AnalysisSettings
    from mentornet.core.caching import Kept
    from mentornet.diagrams import DiagramSet
    from mentornet.history.changes import History
    from mentornet.load import SharedMemo

log = logging.getLogger("mkdocs.plugins.mentornet")


class OptionProblem(ValueError):
    """An option (in mkdocs.yml, on the command line or in the environment) that is not understood."""


@dataclass(frozen=True)
class HistoryOptions:
    enabled: bool = True
    compare: tuple[str, ...] = ()
    uncommitted: bool = True
    left_out: str = "warning"


@dataclass(frozen=True)
class Options:
    """The plugin's options as plain data (``site/config.py`` says how users write them)."""

    audience: Audience = OWNER
    data_dir: str = DATA_DIR
    #: Hand-written pages and the journal, read only by mentornet; None: ``content`` where that
    #: folder exists, else ``docs_dir`` (the layout before 0.2).
    content_dir: Optional[str] = None
    #: The folder the engine publishes as it is (MkDocs' ``docs_dir``).
    docs_dir: str = PUBLIC_DIR
    #: Narrowings of the portfolio's sharing policy (``data/sharing.yaml``) for this site; None: as it says.
    default_visibility: Optional[str] = None
    default_page_visibility: Optional[str] = None
    shared_attributes: Optional[tuple[str, ...]] = None
    #: The configuration file the options come from, for messages.
    config_file: str = "mkdocs.yml"
    templates: Optional[str] = None
    today: Optional[str] = None
    cache_dir: str = ".cache/plugin/mentornet"
    cache: bool = True
    analysis: Mapping[str, Yaml] = field(default_factory=dict)
    history: HistoryOptions = HistoryOptions()

    def __post_init__(self) -> None:
        if not isinstance(self.audience, Audience):
            raise OptionProblem(f"audience: '{self.audience}' is not an audience")
        for name in ("default_visibility", "default_page_visibility"):
            if getattr(self, name) is not None and getattr(self, name) not in VISIBILITIES:
                raise OptionProblem(f"{name}: '{getattr(self, name)}' is not a visibility; expected one of "
                                    f"{', '.join(VISIBILITIES)}")
        if self.analysis:  # checked before any stage runs, so `check` reports it as the build does
            from mentornet.analysis.settings import AnalysisSettings

            try:
                AnalysisSettings.from_mapping(self.analysis)
            except (ValueError, TypeError) as error:
                raise OptionProblem(f"analysis: {error}") from None

    @classmethod
    def from_config(cls, config: Mapping[str, Yaml], docs_dir: str, config_file: str = "mkdocs.yml") -> "Options":
        """From the plugin's validated options (:class:`~mentornet.site.config.MentornetConfig`,
        which has an option of the same name for each field here but ``docs_dir`` and
        ``config_file``, ``history``'s included, and takes its defaults from this class): the
        options are written down once."""
        given: YamlMap = {"docs_dir": docs_dir, "config_file": config_file,
                                 "audience": Audience.named(config["audience"])}
        values: YamlMap = {f.name: _plain(config[f.name]) for f in fields(cls)
                                  if f.name not in given and f.name != "history"}
        history = config["history"]
        return cls(**values, **given,
                   history=HistoryOptions(**{f.name: _plain(history[f.name]) for f in fields(HistoryOptions)}))

    def today_date(self) -> dt.date:
        if not self.today:
            return dt.date.today()
        try:
            return day_of(str(self.today))
        except NotADay:
            raise OptionProblem(f"today: '{self.today}' is not a date; write it as YYYY-MM-DD") from None


def _plain(value: Yaml) -> Yaml:
    """An option's value as plain, immutable-where-it-can data: lists as tuples, mappings copied."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


@dataclass(frozen=True)
class Project:
    """A portfolio's folder, where its files live, and its options."""

    layout: Layout
    options: Options

    @classmethod
    def of(cls, root: Path, options: Options) -> "Project":
        content = options.content_dir
        if content is None:
            content = CONTENT_DIR if (Path(root) / CONTENT_DIR).is_dir() else options.docs_dir
        project = cls(Layout.of(root, options.data_dir, content, options.docs_dir), options)
        overlapping = project.layout.folders_overlapping(project.layout.root / options.cache_dir)
        if overlapping:
            raise OptionProblem(f"{options.config_file}: " + "; ".join(overlapping))
        if project.cache_dir is not None:
            _check_writable(project.cache_dir, options.cache_dir)
        return project

    @property
    def cache_dir(self) -> Optional[Path]:
        """Where every cache lives; ``None`` when ``cache: false`` switches them all off."""
        return self.layout.root / self.options.cache_dir if self.options.cache else None


def _check_writable(folder: Path, written: str) -> None:
    """``OptionProblem`` when ``cache_dir`` cannot be made or written, said before a build
    spends its time and fails at its first cache file; nothing is created here."""
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        why = f"{existing} is a file, not a folder"
    elif not os.access(existing, os.W_OK | os.X_OK):
        why = f"{existing} is not writable"
    else:
        return
    raise OptionProblem(f"cache_dir: '{written}' cannot be written ({why}): name a folder you can "
                        "write, or set `cache: false`")


class Session:
    """What ``mkdocs serve`` (and ``mentornet serve``) keeps in memory between rebuilds."""

    def __init__(self) -> None:
        from mentornet.history import reader
        from mentornet.load import SharedMemo

        self.load_memo = SharedMemo()
        self.history = reader.Session()
        #: The site's template environments, by the user's templates and the cache folder
        #: (kept for :mod:`mentornet.site`; the pipeline makes no page, so knows not their type).
        self.templates: dict[tuple[Optional[Path], Optional[Path]], Any] = {}  # site.pages.Templates: above this layer
        #: The pages, headers and files of the last rebuild, by what each is made from
        #: (``SiteStages.kept``): a journal edit renders again only the pages showing it.
        self.kept: Optional[Kept] = None


class Stages:
    """The stages of one run for one audience, each computed once, on first use."""

    def __init__(self, project: Project, session: Optional[Session] = None) -> None:
        self.project = project
        self.options = project.options
        self.audience = project.options.audience
        self.session = session
        self.today = project.options.today_date()
        #: The pages will be encrypted (a password-protected site): no calendar file beside them.
        self.protected = False

    @property
    def layout(self) -> Layout:
        return self.project.layout

    # -- load and the gate ------------------------------------------------------------

    @cached_property
    def loaded(self) -> Portfolio:
        """Everything, as read from disk: only the gate and the history's reader see it."""
        from mentornet.load import load

        memo = self.load_memo
        portfolio = load(self.layout, memo)  # raises PortfolioError
        if self.session is not None:
            memo.forget_unused()
        return portfolio

    @cached_property
    def load_memo(self) -> SharedMemo:
        """What loading parsed and validated: a session's, else this build's (the history's
        reader finds the journal's front matter in it again)."""
        from mentornet.load import SharedMemo

        return self.session.load_memo if self.session else SharedMemo()

    @cached_property
    def policy(self) -> Sharing:
        """The sharing policy of this build: the portfolio's own, narrowed by the options."""
        return self.narrowed(self.loaded.sharing)

    def narrowed(self, stated: Sharing) -> Sharing:
        """``stated`` (a portfolio's policy) narrowed by this build's options; raises
        :class:`OptionProblem` for an option that would widen it."""
        options = self.options
        try:
            return effective(stated, options.config_file,
                             self.layout.shown(self.layout.data_dir / POLICY_FILE),
                             default_visibility=options.default_visibility,
                             default_page_visibility=options.default_page_visibility,
                             shared_attributes=options.shared_attributes)
        except LooserThanPolicy as error:
            raise OptionProblem(str(error)) from None

    @cached_property
    def view(self) -> View:
        """What this audience may see: every later stage is made from this alone."""
        return view(self.loaded, self.audience, self.policy)

    @property
    def portfolio(self) -> Portfolio:
        """The audience's portfolio (:attr:`view`'s)."""
        return self.view.portfolio

    @cached_property
    def hidden_sources(self) -> frozenset[str]:
        """The journal's files this audience may not see (an engine must not publish them)."""
        return frozenset(e.src_uri for e in self.loaded.journal) - {e.src_uri for e in self.portfolio.journal}

    # -- analysis, history, diagrams, pages ----------------------------------------------

    @cached_property
    def analysis_settings(self) -> AnalysisSettings:
        from mentornet import analysis

        try:
            return analysis.AnalysisSettings.from_mapping({**self.options.analysis, "as_of": self.today})
        except (ValueError, TypeError) as error:
            raise OptionProblem(f"analysis: {error}") from None

    @cached_property
    def analysis(self) -> Analysis:
        from mentornet import analysis
        from mentornet.core import caching

        settings = self.analysis_settings
        cache_dir = self.project.cache_dir
        store = caching.STORES["analysis"]
        path = store.path(cache_dir, self.audience.name)
        key = store.digest([self.audience.name, self.portfolio.data_fingerprint, settings])
        result, _ = caching.remembered(path, key, lambda: analysis.analyze(self.portfolio, settings))
        return result

    @cached_property
    def history(self) -> Optional[History]:
        """The audience's history (None when turned off)."""
        current = self.loaded
        # a build's memo is of use to the history alone: garbage once it is made, not kept for the pages
        loaded_with = self.load_memo if self.session else self.__dict__.pop("load_memo", None)
        if not self.options.history.enabled:
            return None
        from mentornet.history import gitread

        options = self.options.history
        return gitread.for_site(self.layout, audience=self.audience, policy=self.policy,
                                compare=options.compare, cache_dir=self.project.cache_dir,
                                uncommitted=options.uncommitted, today=self.today, current=current,
                                session=self.session.history if self.session else None,
                                loaded_with=loaded_with)

    @cached_property
    def diagrams(self) -> DiagramSet:
        from mentornet import diagrams

        cache_dir = self.project.cache_dir
        return diagrams.DiagramSet(self.portfolio, cache_dir=cache_dir / "diagrams" if cache_dir else None,
                                   comparisons=self.history.pair if self.history else None, audience=self.audience)


__all__ = ["HistoryOptions", "OptionProblem", "Options", "PortfolioError", "Project", "Session", "Stages"]
