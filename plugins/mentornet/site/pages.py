"""The generated pages: Jinja2 templates rendered to text, one string per page.

A template's name says what it draws: ``*.md`` Markdown, which MkDocs treats like a
hand-written page; ``*.html`` the page's HTML (every value escaped by the environment), which
is not converted at all (:mod:`mentornet.site.html`), for the pages drawn from many items
(a page per person). Templates see data only as variables: nothing a user writes in YAML is
ever evaluated as a template.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import posixpath
import re
import zlib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Union

import jinja2
import jinja2.ext
import jinja2.meta
from markupsafe import Markup, escape

from mentornet.audience import Audience
from mentornet.core import caching, urls
from mentornet import journal as journal_rules
from mentornet.journal import outreach
from mentornet.core import vocabulary, voice, words
from mentornet.core.model import JournalEntry, Person, Portfolio, day_text, on_date
from mentornet.journal import Listing
from mentornet.site.html import PLAIN_FRAGMENT, fragment

if TYPE_CHECKING:
    from mentornet.analysis.reciprocity import GiveAndTake, PersonGiveTake
    from mentornet.analysis.result import Analysis
    from mentornet.analysis.settings import AnalysisSettings
    from mentornet.history.changes import History

#: A page's own variable: the person of a person page, the entry of an entry's header, the
#: listing of a journal page.
PageValue = Union[Person, JournalEntry, Listing]

#: How a template's name says it draws HTML rather than Markdown.
HTML_TEMPLATE = ".html"
#: The generated pages drawn as HTML, by the names their Markdown templates had: a template
#: of the user's own under that name (``person.md``) still draws the page, as Markdown.
HTML_PAGES = {name: name.replace(".md", HTML_TEMPLATE) for name in ("person.md", "journal.md", "entry.md",
                                                                     "people.md", "board.md")}

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class PageSpec:
    src_uri: str
    template: str
    title: str
    #: Extra variables for the template.
    context: tuple[tuple[str, PageValue], ...] = ()


#: The generated pages of the navigation, in the order they appear after the home page.
SECTION_PAGES = (
    ("board.md", "board.md", "Board"),
    ("map.md", "map.md", "Map"),
    ("people/index.md", "people.md", "People"),
    ("journal/index.md", "journal.md", "Journal"),
    ("journal/actions.md", "actions.md", "Actions"),
    ("analysis.md", "analysis.md", "Analysis"),
    ("audit.md", "audit.md", "Audit"),
    ("plan.md", "plan.md", "Plan"),
    ("reflections.md", "reflections.md", "Reflections"),
    ("history.md", "history.md", "History"),
)


relative = urls.relative  # its home is core.urls; importable here as before
person_uri = urls.person_uri


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def escape_markdown(value: object) -> str:
    """Text shown literally: no HTML, no Markdown formatting, no links."""
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(str(value), quote=False))
    return text.replace("~~", "&#126;&#126;").replace('"', "&quot;")


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def escape_message(value: object) -> str:
    """One of mentornet's own messages (which may quote a name, a commit subject or an error):
    shown literally like :func:`escape_markdown`, except its `code` spans, shown as code."""
    text, parts, last = str(value), [], 0
    for span in _CODE_SPAN.finditer(text):
        parts.append(escape_markdown(text[last:span.start()]))
        parts.append(span.group(0))  # a code span: Markdown shows its text as it is
        last = span.end()
    parts.append(escape_markdown(text[last:]))
    return "".join(parts)


def markdown_text(value: object) -> str:
    """Markdown the user wrote on purpose (notes), with any raw HTML shown as text, and links
    only to the web, mail, or pages of the site (``javascript:`` and the like go nowhere)."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return urls.safe_markdown(text)


class SafeMarkdown(str):
    """Markdown already made safe by :func:`markdown_text` (an entry's notes for another page)."""


def markdown_block(value: object, classes: str = PLAIN_FRAGMENT, title: Optional[str] = None) -> Markup:
    """The owner's own Markdown inside an HTML template, converted with the site's Markdown
    extensions (see :func:`mentornet.site.html.fragment`)."""
    text = value if isinstance(value, SafeMarkdown) else markdown_text(value)
    return Markup(fragment(text, classes, title))


def safe_href(value: object) -> str:
    """A link of the data as an HTML template's ``href``: what :func:`markdown_text` lets stay."""
    target = str(value)
    return target if urls.safe_link(target) else urls.UNSAFE


def _html_value(value: object) -> Markup:
    """How an HTML template prints a value: escaped, and on one line (a line that opened a code
    fence would be read as a diagram block)."""
    if isinstance(value, Markup):
        return value
    text = escape(value)
    return Markup(str.replace(text, "\n", "&#10;")) if "\n" in text else text


@lru_cache(maxsize=1024)
def icon(name: str, classes: str = "", title: str = "", hidden: bool = False) -> Markup:
    """One of Material's icons as its emoji extension inlines it, by its shortcode
    (``:material-chevron-left:``) or its path (``material/calendar-clock``), with more
    ``classes``, a ``title``, or hidden from screen readers (as attr_list gives them); nothing
    if unknown. Every template, Markdown or HTML, draws icons with it: a page's icons need no
    Markdown extension, so they look the same under any engine."""
    svg = _icon_svg(name)
    if not svg:
        return Markup("")
    attributes = Markup(' aria-hidden="true"') if hidden else Markup("")  # in attr_list's order
    attributes += Markup(' class="twemoji{}"').format(f" {classes}" if classes else "")
    if title:
        attributes += Markup(' title="{}"').format(title)
    return Markup("<span{}>{}</span>").format(attributes, svg)


@lru_cache(maxsize=128)
def _icon_svg(name: str) -> Markup:
    """The icon's file in Material's ``.icons`` folder, found from its name as Material names
    them (folders joined by ``-``). Material's own index (``material.extensions.emoji.twemoji``)
    says the same, but builds itself from every icon file, in every build whose Markdown
    extensions had not built it already."""
    path = name.strip(":")
    if "/" not in path:
        family, _, rest = path.partition("-")
        if family == "fontawesome":
            style, _, rest = rest.partition("-")
            family = f"fontawesome/{style}"
        path = f"{family}/{rest}"
    if ".." in path:
        return Markup("")
    try:
        import material

        return Markup((Path(material.__file__).parent / "templates" / ".icons" / f"{path}.svg").read_text(
            encoding="utf-8"))
    except (ImportError, OSError, ValueError):
        return Markup("")


class _TagLines(jinja2.ext.Extension):
    """Lines holding only template tags vanish; every other line keeps its newline.

    Jinja's ``trim_blocks`` also eats the newline after a tag that ends a line of text, which
    silently joins Markdown list items and table rows; this is the rule Markdown needs.
    """

    _LINE = re.compile(r"^[ \t]*(?:\{%[^\n]*?%\}|\{#[^\n]*?#\})(?:[ \t]*(?:\{%[^\n]*?%\}|\{#[^\n]*?#\}))*"
                       r"[ \t]*\n", re.MULTILINE)

    def preprocess(self, source: str, name: Optional[str], filename: Optional[str] = None) -> str:
        return self._LINE.sub(lambda match: match.group(0).strip(" \t\n"), source)


def environment(user_templates: Optional[Path] = None, cache_dir: Optional[Path] = None) -> Templates:
    """The templates' environment. With ``cache_dir``, compiled templates are kept there (a
    build compiles none it compiled before)."""
    folders = [str(user_templates)] if user_templates else []
    folders.append(str(BUILTIN_TEMPLATES))
    env = Templates(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=False,  # the output is Markdown; values are escaped with the `md` filter
        undefined=jinja2.StrictUndefined,
        extensions=[_TagLines],
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(cache_dir) if cache_dir else None,
    )
    env.tests["containing"] = lambda values, item: item in values
    env.filters["md"] = escape_markdown
    env.filters["message"] = escape_message
    env.filters["markdown_text"] = markdown_text
    env.filters["label"] = lambda term, vocab: vocab.label(term)
    env.filters["first_name"] = voice.first_name
    env.filters["date"] = day_text
    env.filters["on_date"] = on_date
    env.filters["indent_block"] = lambda text, n=4: "\n".join(
        (" " * n + line) if line.strip() else "" for line in str(text).splitlines())
    env.filters["markdown_block"] = markdown_block
    env.filters["safe_href"] = safe_href
    env.globals["icon"] = icon
    env.globals["plural"] = words.plural  # "1 tie", "2 ties": the one rule, as the commands say it
    env.globals["count_of"] = words.count_of
    return env


class Templates(jinja2.Environment):
    """The templates' environment; :attr:`html` is the same for HTML templates, which escape
    every value they print."""

    @property
    def html(self) -> jinja2.Environment:
        """Compiled apart (its own cache, its own bytecode files): a template compiled to print
        Markdown must never be taken for one compiled to escape HTML, or the other way round."""
        found = self.__dict__.get("_html")
        if found is None:
            kept = self.bytecode_cache
            bytecode = SealedBytecodeCache(kept.directory, "__html_%s.cache") \
                if isinstance(kept, jinja2.FileSystemBytecodeCache) else None
            found = self._html = self.overlay(autoescape=True, finalize=_html_value, cache_size=400,
                                              bytecode_cache=bytecode)
        return found

    def template(self, name: str) -> jinja2.Template:
        return (self.html if name.endswith(HTML_TEMPLATE) else self).get_template(name)

    def fresh(self) -> "Templates":
        """This environment for one build: a template whose file changed since it was
        compiled is dropped, and none is looked at again until the next build (Jinja would
        otherwise look at each template's file every time a page imports or includes it)."""
        for env in (self, self.__dict__.get("_html")):
            if env is None or env.cache is None:
                continue
            env.auto_reload = False
            for key, template in list(env.cache.items()):
                if not template.is_up_to_date:
                    del env.cache[key]
        return self


def _bytecode_cache(cache_dir: Path) -> jinja2.BytecodeCache:
    """Jinja checks each template's source against its compiled code; the folder (the store
    ``templates`` of :data:`mentornet.core.caching.STORES`) is named after mentornet's code too,
    since how a template compiles depends on :class:`_TagLines`; other versions' are pruned."""
    folder = caching.STORES["templates"].path(cache_dir)
    assert folder is not None
    folder.mkdir(parents=True, exist_ok=True)
    return SealedBytecodeCache(str(folder))


class SealedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates are code it runs: each file is sealed with the user's cache key
    (:func:`mentornet.core.caching.sealed`), and one that fails the check is compiled again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = Path(self._get_cache_filename(bucket))
        try:
            data = path.read_bytes()
        except OSError:
            return
        try:
            bucket.load_bytecode(io.BytesIO(caching.unsealed(data)))
        except (caching.Unsealed, zlib.error) as error:
            caching.log.debug(f"mentornet: compiled template {path} ignored and compiled again ({error})")

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = io.BytesIO()
        bucket.write_bytecode(compiled)
        try:
            caching.write_atomically(Path(self._get_cache_filename(bucket)), caching.sealed(compiled.getvalue()))
        except OSError:
            pass  # compiled again next time


@dataclass
class Site:
    """What every page template may read, besides the page's own variables."""

    portfolio: Portfolio
    analysis: Optional[Analysis]
    today: dt.date
    audience: Audience
    diagram: Callable[[str], str]
    history: Optional[History] = None
    #: The user's own templates' folder (``templates:``), if any.
    user_templates: Optional[Path] = None
    #: The calendar feed's file when this site publishes one (owner and mentor sites without a
    #: password): the actions page and the attention block link it, with how to subscribe.
    calendar: Optional[str] = None
    #: The pages and headers :meth:`render_all` rendered (src_uri each), not taken as kept.
    rendered: list[str] = field(default_factory=list)
    #: :meth:`template`'s answers, asked once per build for each name (not once per entry).
    _templates: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def settings(self) -> AnalysisSettings:
        """The analysis' rules of thumb (the defaults when there is no analysis)."""
        from mentornet.analysis.settings import DEFAULTS

        return getattr(self.analysis, "settings", None) or DEFAULTS

    @cached_property
    def give_and_take(self) -> GiveAndTake:
        """What went each way with each person lately (:mod:`mentornet.analysis.reciprocity`),
        from this audience's portfolio alone."""
        from mentornet.analysis.reciprocity import give_and_take

        return give_and_take(self.portfolio, self.settings, self.today)

    def give_take(self, person_id: str) -> PersonGiveTake:
        """One person's give and take: from the whole when it was worked out, else alone (a
        person page rendered again after an edit need not count everyone's)."""
        from mentornet.analysis.reciprocity import person_give_take

        if "give_and_take" in self.__dict__:
            return self.give_and_take.of(person_id)
        return person_give_take(self.portfolio, person_id, self.settings, self.today)

    def specs(self) -> list[PageSpec]:
        listings = journal_rules.listings(self.portfolio)  # the journal index and its filter pages
        journal = self.template("journal.md")
        specs = [PageSpec(src, self.template(template), title,
                          (("listing", listings[0]),) if template == "journal.md" else ())
                 for src, template, title in SECTION_PAGES]
        specs += [PageSpec(listing.src_uri, journal, listing.title, (("listing", listing),))
                  for listing in listings[1:]]
        person = self.template("person.md")
        specs += [PageSpec(person_uri(someone.id), person, someone.name, (("person", someone),))
                  for someone in self.portfolio.people]
        return specs

    def template(self, name: str) -> str:
        """The template that draws the pages of ``name``: the user's own of that name, or ours
        (drawn as HTML where :data:`HTML_PAGES` says)."""
        if name not in self._templates:
            theirs = self.user_templates is not None and (Path(self.user_templates) / name).is_file()
            self._templates[name] = HTML_PAGES[name] if name in HTML_PAGES and not theirs else name
        return self._templates[name]

    def render(self, env: Templates, spec: PageSpec) -> str:
        here = posixpath.dirname(spec.src_uri)
        drawn = spec.template.endswith(HTML_TEMPLATE)

        def link_to(target_uri: str) -> str:
            return urls.relative(target_uri, here)

        def person_link(person_id: str) -> str:
            person = self.portfolio.people_by_id.get(person_id)
            if drawn:
                return escape(person_id) if person is None else \
                    Markup(f'<a href="{escape(link_to(person_uri(person_id)))}">{escape(person.name)}</a>')
            if person is None:
                return escape_markdown(person_id)
            return f"[{escape_markdown(person.name)}]({link_to(person_uri(person_id))})"

        def entry_notes(entry: JournalEntry) -> str:
            notes = journal_rules.notes_for_page(entry, spec.src_uri, markdown_text)
            return SafeMarkdown(notes) if drawn else notes

        try:
            return env.template(spec.template).render(
                portfolio=self.portfolio, analysis=self.analysis, v=vocabulary, today=self.today,
                audience=self.audience, voice=self.audience.voice(self.portfolio.profile.name),
                diagram=(lambda name: Markup(self.diagram(name))) if drawn else self.diagram,
                history=self.history,
                person_link=person_link, link_to=link_to, page_title=spec.title,
                contact=lambda person: journal_rules.contact(self.portfolio, person, self.today),
                lapsed_contacts=lambda: {person.id: found for person, found
                                     in journal_rules.lapsed_people(self.portfolio, self.today)},
            open_actions=lambda person_id=None: journal_rules.open_actions(
                    self.portfolio, self.today, person_id),
                outreach=lambda prospect: outreach.draft(self.portfolio, prospect),
                prep=lambda person: journal_rules.prep(self.portfolio, person, self.today, self.settings),
                give_and_take=lambda: self.give_and_take,  # worked out for the pages that ask
                give_take=lambda person: self.give_take(person.id),
                entry_notes=entry_notes,
                attention=lambda: journal_rules.attention(self.portfolio, self.today),
                calendar=self.calendar,
                **dict(spec.context),
            )
        except jinja2.TemplateError as error:
            line = getattr(error, "lineno", None)  # a syntax error's (TemplateSyntaxError) place
            where = f"{getattr(error, 'filename', None)}:{line}" if line else spec.template
            raise TemplateProblem(f"{where}: the page template failed: {error}") from None
        except RecursionError as error:  # Python's own limit ends the loop at once: no hang
            raise TemplateProblem(f"{_template_line(error) or spec.template}: the template includes itself, "
                                  "directly or through another template (or a macro calls itself without "
                                  "end); remove the loop") from None
        except Exception as error:  # a user's template may call anything: say which one failed, and where
            raise TemplateProblem(f"{_template_line(error) or spec.template}: the page template failed: "
                                  f"{type(error).__name__}: {error}") from None

    def render_all(self, env: Templates, skip: Iterable[str] = (),
                   kept: Optional[caching.Kept] = None) -> "Rendered":
        """Every generated page and every journal entry's header. With ``kept``, each is taken
        from there when what it is made from (:meth:`keys`) did not change, so a journal edit
        renders again only the pages that show the entry."""
        kept = kept if kept is not None else caching.Kept()
        keys = self.keys(env)
        skipped = set(skip)

        def made(uri: str, render: Callable[[], str]) -> Callable[[], str]:
            def make() -> str:
                self.rendered.append(uri)
                return render()
            return make

        specs = [spec for spec in self.specs() if spec.src_uri not in skipped]
        pages = {spec.src_uri: kept.get(keys.page(spec), made(spec.src_uri, partial(self.render, env, spec)))
                 for spec in specs}
        headers = {entry.src_uri: kept.get(keys.header(entry),
                                           made(entry.src_uri, partial(self.entry_header, env, entry)))
                   for entry in self.portfolio.journal}
        return Rendered(pages, headers, frozenset(spec.src_uri for spec in specs
                                                  if spec.template.endswith(HTML_TEMPLATE)),
                        self.template("entry.md").endswith(HTML_TEMPLATE))

    def entry_header(self, env: Templates, entry: JournalEntry) -> str:
        """What a journal entry's page shows above its text: kind, date, people, agenda, actions."""
        return self.render(env, PageSpec(entry.src_uri, self.template("entry.md"), entry.title, (("entry", entry),)))

    def keys(self, env: Templates) -> "PageKeys":
        return PageKeys(self, env)


@dataclass
class Rendered:
    """The generated pages and the journal entries' headers (src_uri → Markdown)."""

    pages: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)
    #: The pages drawn as HTML (see :mod:`mentornet.site.html`).
    drawn: frozenset[str] = frozenset()
    #: Whether the headers are drawn as HTML.
    drawn_headers: bool = False


class PageKeys:
    """What each generated page and entry header is made from: its key in the pages cache.

    A key that misses an input shows a stale page, so the narrow keys are spelled here from
    what the built-in templates read, and only for pages drawn by built-in templates alone
    (a user's own ``person.md``, ``_macros.md``, … may read anything: those pages, and every
    other page, are keyed by everything). None: the inputs cannot be told (the history of
    ``mkdocs serve`` has no key), so the page is rendered every time.

    - A person page (``person.html``, ``_macros.html``, ``_person_journal.html``,
      ``_person_history.html``): the portfolio but its journal (the person, whom they know and
      those people's names, the profile's name, goals and social systems), the entries naming
      them (front matter and body: the page shows the last meeting's notes), their slice of
      the history, today, the audience, the templates.
    - An entry's header (``entry.html``, ``_macros.html``): the entry's front matter and title (not
      its text), the names of the people it
      names, the profile's name, today, the audience, the templates.
    - Every other page: the whole portfolio, the analysis' settings, today, the audience, the
      templates; and for the history page or a user's template, the history's key.
    """

    #: Which templates are ours alone, by the templates' folders and digest.
    _seen: dict[tuple[tuple[str, ...], Optional[str]], dict[str, bool]] = {}

    def __init__(self, site: Site, env: Templates) -> None:
        self.site, self.env = site, env
        portfolio = site.portfolio
        self._common = [site.audience.name, site.today, site.calendar, _templates_digest(env),
                        getattr(site.analysis, "settings", None)]
        #: Each entry's front matter (said once: a model's repr is slow) and its whole content.
        self._fronts = {entry.src_uri: repr(entry.meta) for entry in portfolio.journal}
        self._entries = {entry.src_uri: caching.digest([entry.src_uri, self._fronts[entry.src_uri], entry.body])
                         for entry in portfolio.journal}
        self._data = portfolio.data_fingerprint
        self._everything = [*self._common, self._data, list(self._entries.values())]
        history = site.history
        history_key = None if history is None else (getattr(history, "key", "") or None)
        self._with_history = (None if history is not None and history_key is None
                              else [*self._everything, history_key])
        folders = tuple(getattr(env.loader, "searchpath", ()))
        self._builtin = PageKeys._seen.setdefault((folders, site.calendar), {})
        if len(PageKeys._seen) > 16:  # templates edited while serving: forget the older ones
            PageKeys._seen = {(folders, site.calendar): self._builtin}

    def page(self, spec: PageSpec) -> Optional[str]:
        person = dict(spec.context).get("person")
        if isinstance(person, Person) and self.builtin(spec.template):
            person_id = person.id
            return caching.digest(["person", spec.src_uri, person_id, *self._common, self._data,
                                   self._person_entries(person_id), self._history_of(person_id)])
        if spec.template != "history.md" and self.builtin(spec.template):
            return caching.digest(["page", spec.src_uri, spec.template, spec.title, *self._everything])
        if self._with_history is None:
            return None
        return caching.digest(["page", spec.src_uri, spec.template, spec.title, *self._with_history])

    def header(self, entry: JournalEntry) -> Optional[str]:
        template = self.site.template("entry.md")
        if not self.builtin(template):
            return self.page(PageSpec(entry.src_uri, template, entry.title))
        known = self.site.portfolio.people_by_id
        named = [(person_id, known[person_id].name if person_id in known else None)
                 for person_id in entry.meta.people]
        return caching.digest(["header", entry.src_uri, entry.title, self._fronts[entry.src_uri], named,
                               self.site.portfolio.profile.name, *self._common])

    def builtin(self, name: Optional[str]) -> bool:
        """Whether the template ``name`` and every template it includes or imports are ours
        (a name the template computes cannot be told: not ours)."""
        if name is None:
            return False
        if name not in self._builtin:
            self._builtin[name] = False  # an include cycle is not ours either
            try:
                assert self.env.loader is not None  # environment() gives it one
                source, filename, _ = self.env.loader.get_source(self.env, name)
                ours = filename is not None and Path(filename).parent == BUILTIN_TEMPLATES
                if ours and self._only_ours:  # whatever it includes can only be ours too
                    self._builtin[name] = True
                else:
                    included = jinja2.meta.find_referenced_templates(self.env.parse(source)) if ours else ()
                    self._builtin[name] = ours and all(self.builtin(other) for other in included)
            except jinja2.TemplateError:
                pass
        return self._builtin[name]

    @property
    def _only_ours(self) -> bool:
        """Whether the environment loads no template but ours (no ``templates:`` folder)."""
        return [Path(folder) for folder in getattr(self.env.loader, "searchpath", ())] == [BUILTIN_TEMPLATES]

    def _person_entries(self, person_id: str) -> list[str]:
        return [self._entries[entry.src_uri] for entry in self.site.portfolio.entries_with(person_id)]

    def _history_of(self, person_id: str) -> bool | list[tuple[Optional[dt.date], bool, bool, list[str]]]:
        """What ``_person_history.html`` reads of the history for one person."""
        history = self.site.history
        if history is None or not history.available:
            return history is None
        first = history.snapshots[0]
        return [(snapshot.day, snapshot is first, person_id in change.joined,
                 history.person_sentences(person_id, change)) for snapshot, change in history.person(person_id)]


def _templates_digest(env: jinja2.Environment) -> str:
    """The names and sources of every template the environment can load (the user's and ours)."""
    found = hashlib.sha256()
    loader = env.loader
    for folder in getattr(loader, "searchpath", ()):
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                found.update(f"{path.relative_to(folder).as_posix()}\x00".encode() + path.read_bytes())
        found.update(b"\x01")
    return found.hexdigest()


def _template_line(error: BaseException) -> Optional[str]:
    """``FILE:LINE`` of the innermost template in the error's traceback (Jinja gives template
    frames the template's file and line), or None."""
    found, tb = None, error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<"):
            found = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


class TemplateProblem(Exception):
    """A page template (built-in or the user's own) could not be rendered."""
