"""The plugin's options, as users write them under ``plugins: - mentornet:`` in mkdocs.yml.

Their defaults are those of :class:`mentornet.pipeline.Options`, which
:meth:`~mentornet.pipeline.Options.from_config` fills field by field from an option of the same
name: a new option is a field there and an option here.
"""

from __future__ import annotations

import datetime as dt

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from mentornet.core.model import NotADay, day_of
from mentornet.core.problems import did_you_mean, one_of
from mentornet.audience.view import NAMES as AUDIENCES
from mentornet.core.visibility import VISIBILITIES
from mentornet.pipeline import HistoryOptions, Options

_DEFAULTS, _HISTORY = Options(), HistoryOptions()


class Audience(c.Choice):
    """``audience``: owner when left out; given, it must name an audience.

    Given empty, as ``audience: !ENV [MENTORNET_AUDIENCE, owner]`` is when the variable is set
    to nothing (MkDocs reads it as null), it is an error: never the owner's site by accident.
    """

    def __init__(self) -> None:
        super().__init__(AUDIENCES, default="owner")

    def validate(self, value):
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValidationError(f"is empty (is MENTORNET_AUDIENCE set to nothing?): set it to one of "
                                  f"{one_of(AUDIENCES)}")
        if not isinstance(value, str) or value not in AUDIENCES:
            raise ValidationError(f"'{value}' is not an audience; expected one of {one_of(AUDIENCES)}"
                                  + did_you_mean(str(value).strip().lower(), AUDIENCES))
        return value


class Today(c.BaseConfigOption):
    """``today``: a day written ``YYYY-MM-DD``, quoted or not.

    Unquoted, YAML reads it as a date, and so does MkDocs' ``!ENV [MENTORNET_TODAY, …]`` when the
    variable is set; both are what a person means, so a date is taken as it is. Anything else,
    and a day no calendar has (2026-02-30), is refused here, before any stage runs.
    """

    def run_validation(self, value):
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip()
        if not text:
            return None
        try:
            day_of(text)
        except NotADay as error:
            raise ValidationError(f"'{text}' is not a real date ({error.reason}): write it as YYYY-MM-DD"
                                  if error.reason else f"{error}, e.g. 2026-11-22") from None
        return text


class HistoryConfig(Config):
    """``history:`` — the history page, read from the Git repository the portfolio is in."""

    enabled = c.Type(bool, default=_HISTORY.enabled)
    #: Two revisions (tags, e.g. yearly reviews) for "then and now"; the first and latest when unset.
    compare = c.ListOfItems(c.Type(str), default=list(_HISTORY.compare))
    #: Show uncommitted changes of the data as the last snapshot.
    uncommitted = c.Type(bool, default=_HISTORY.uncommitted)
    #: How a build reports past commits whose data does not load (the history page lists them
    #: either way): "warning", or "info", which lets `mkdocs build --strict` pass with them.
    left_out = c.Choice(("warning", "info"), default=_HISTORY.left_out)


class MentornetConfig(Config):
    enabled = c.Type(bool, default=True)
    #: The folder of YAML data files, relative to mkdocs.yml.
    data_dir = c.Type(str, default=_DEFAULTS.data_dir)
    #: The folder of hand-written pages and the journal, relative to mkdocs.yml: read only by
    #: mentornet, so no engine can publish it as it is. Unset: ``content`` where it exists.
    content_dir = c.Optional(c.Type(str))
    #: Who the site is built for: owner (everything), mentor, or public.
    audience = Audience()
    # What unmarked items mean and which attributes are shared is the portfolio's own sharing
    # policy (data/sharing.yaml), read by every build. These options can only narrow it for one
    # site; one that would widen it is an error naming this file.
    #: A stricter visibility for items that state none, on this site.
    default_visibility = c.Optional(c.Choice(VISIBILITIES))
    #: A stricter visibility for hand-written pages that state none, on this site.
    default_page_visibility = c.Optional(c.Choice(VISIBILITIES))
    #: The attributes this site may show: some of those the sharing policy shares.
    shared_attributes = c.Optional(c.ListOfItems(c.Type(str)))
    #: A folder of your own page templates; a template found there replaces the built-in one.
    templates = c.Optional(c.Dir(exists=True))
    #: "Today" for cadences and overdue actions (YYYY-MM-DD); the build date when unset.
    today = Today()
    #: Where rendered diagrams and parsed history are cached, relative to mkdocs.yml.
    cache_dir = c.Type(str, default=_DEFAULTS.cache_dir)
    #: Keep what builds computed under ``cache_dir``; ``false`` computes everything every time.
    cache = c.Type(bool, default=_DEFAULTS.cache)
    #: Thresholds of the analysis and the traps (see ``AnalysisSettings`` in analysis/settings.py).
    analysis = c.Type(dict, default=dict(_DEFAULTS.analysis))
    #: Keep people and journal entries out of the navigation (they are reached from index pages).
    short_navigation = c.Type(bool, default=True)
    #: The history page: ``history: {enabled: true, compare: [v2025, v2026]}``.
    history = c.SubConfig(HistoryConfig)


#: Set by ``mentornet build|serve --audience A`` for a plugin run: the plugin stops unless the
#: portfolio's configuration builds for exactly that audience (it never widens or narrows it).
REQUIRED_AUDIENCE = "MENTORNET_REQUIRE_AUDIENCE"
