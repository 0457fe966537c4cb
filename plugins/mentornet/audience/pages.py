"""The visibility of hand-written pages, read from their front matter.

Hand-written pages (anything under the docs folder that is not a journal entry) may say
``visibility: private | mentor | public`` in their front matter. Unmarked pages are what the
portfolio's sharing policy says (``pages:`` in ``data/sharing.yaml``; private unless it says
otherwise). Journal entries follow the rules of entries (``unmarked:``).

It fails closed: front matter MkDocs would not read (a blank line above ``---``, no closing
``---``, YAML that does not parse), a key that looks like ``visibility`` but is not
(``Visibility``, ``visiblity``), a ``visibility`` given twice or left empty, and a private
marker that cannot be read exactly each stop the build with FILE:LINE, rather than publish
a page whose author meant to hide it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Union

import yaml

from mentornet.audience import markers
from mentornet.core import vocabulary as v
from mentornet.core.problems import did_you_mean, one_of
from mentornet.audience.view import Audience
from mentornet.core.layout import OTHER_MARKDOWN, Layout
from mentornet.core.visibility import KEY
from mentornet.core.yamldata import YamlMap



class VisibilityProblem(ValueError):
    pass


class _Problem(Exception):
    """What is wrong with a page's front matter, and on which line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def page_visibility(meta: YamlMap, default: str) -> str:
    """The visibility a hand-written page's front matter declares, or ``default``."""
    if not isinstance(meta, dict) or KEY not in meta:
        return default
    value = meta[KEY]
    if value is None or value == "":
        raise VisibilityProblem(f"visibility: is empty, so who may see the page is unknown; write one of "
                                f"{one_of(v.VISIBILITY.ids)}")
    if not isinstance(value, str) or value not in v.VISIBILITY.ids:
        raise VisibilityProblem(f"visibility: '{value}' is not a visibility term; expected one of "
                                f"{one_of(v.VISIBILITY.ids)}{did_you_mean(str(value).lower(), v.VISIBILITY.ids)}")
    return value


def front_matter_lines(source: str, markdown: str) -> int:
    """How many lines of ``source`` come before its body ``markdown`` (for line numbers)."""
    if not markdown or markdown not in source:
        return 0
    return source[:source.rindex(markdown)].count("\n")


#: The front matter MkDocs reads (mkdocs.utils.meta.YAML_RE): ``---`` on the very first line.
_YAML_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_OPENS = re.compile(r"-{3}[ \t]*$")
#: A MultiMarkdown meta line (mkdocs.utils.meta.META_RE), which MkDocs also reads.
_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")


def _looks_like_visibility(key: object) -> bool:
    text = str(key)
    return text != KEY and (text.strip().lower() == KEY or bool(did_you_mean(text.strip().lower(), [KEY])))


def _misspelt(line: int, key: object) -> _Problem:
    return _Problem(line, f"'{key}' is not a key mentornet reads — did you mean '{KEY}'? Who may see the "
                          f"page is unknown until it says `{KEY}: {' | '.join(v.VISIBILITY.ids)}`")


def _meta(text: str) -> YamlMap:
    from mkdocs.utils.meta import get_data

    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if _OPENS.match(lines[0]):
        match = _YAML_FRONT_MATTER.match(text)
        if match is None:
            raise _Problem(1, "the front matter that opens here is never closed: end it "
                                    "with a line `---`")
        try:
            node = yaml.compose(match.group(1), Loader=yaml.SafeLoader)
            meta = yaml.load(match.group(1), Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 2
            reason = getattr(error, "problem", None) or "not valid YAML"
            raise _Problem(line, f"its front matter is not readable YAML ({reason}), so "
                                    "who may see the page is unknown: fix the YAML") from None
        if node is not None and not isinstance(node, yaml.MappingNode) or \
                (meta is not None and not isinstance(meta, dict)):
            raise _Problem(2, "the front matter must be a mapping of keys, such as "
                                    "`visibility: private`")
        seen = 0
        for key_node, value_node in node.value if node is not None else ():
            line = key_node.start_mark.line + 2
            if key_node.value == KEY:
                seen += 1
                if seen > 1:
                    raise _Problem(line, f"`{KEY}` is given twice: keep one")
                if match.group(1)[value_node.start_mark.index:].startswith("!"):
                    raise _Problem(line, f"`{KEY}:` is tagged, so who may see the page is unclear: write one of "
                                         f"{one_of(v.VISIBILITY.ids)} as it is")
            elif _looks_like_visibility(key_node.value):
                raise _misspelt(line, key_node.value)
        return meta or {}
    first = next((number for number, line in enumerate(lines) if line.strip()), None)
    if first is not None and _OPENS.match(lines[first].strip()):
        raise _Problem(first + 1, "front matter must start on the first line, or "
                                "MkDocs shows it as text and reads no visibility: remove what is above `---`")
    _, meta = get_data(text)
    for number, line in enumerate(lines, start=1):  # MultiMarkdown meta: its keys, lowercased
        if not line.strip():
            break
        found = _META_LINE.match(line)
        if found and _looks_like_visibility(found["key"].lower()):  # MkDocs lowercases them
            raise _misspelt(number, found["key"])
    return meta


def page_problems(text: str, default: str) -> tuple[str, list[tuple[int, str]]]:
    """A page's visibility (``private`` when it cannot be read) and the problems that stop the
    build, as ``(line, message)``: :func:`hidden_pages` for a build, the loader for ``check``."""
    problems = []
    visibility = "private"
    try:
        visibility = page_visibility(_meta(text), default)
    except _Problem as problem:
        problems.append((problem.line, problem.message))
    except VisibilityProblem as problem:
        problems.append((_key_line(text), str(problem)))
    problems += [(problem.line, problem.message) for problem in markers.refusals(text)]
    return visibility, problems


#: Files of the engine's docs folder read as text, for they reach a reader as they are.
TEXT_SUFFIXES = (".md", ".html", ".htm", ".xhtml", ".xml", ".svg", ".txt", ".json", ".js", ".css", ".csv",
                 ".yaml", ".yml", ".ics", ".vcf")


def published_as_is(name: str, text: str, content_folder: str) -> list[tuple[int, str]]:
    """What is wrong with a file of the engine's docs folder, which any engine publishes to
    everyone as it is, as ``(line, message)``: a page that does not say it is public (or
    cannot say), and a private passage or a marker look-alike in any text file.

    Args:
        name: the file's name (its suffix says whether it is a page).
        text: its text.
        content_folder: how messages name the folder where such a file belongs.
    """
    found: list[tuple[int, str]] = []
    if name.endswith(".md"):
        visibility, found = page_problems(text, "public")
        if not found and visibility != "public":
            found.append((_key_line(text), f"this page says `{KEY}: {visibility}`, but the docs folder is "
                                           f"published to everyone by any engine: move it to {content_folder}/, "
                                           "where mentornet shows it only to those who may see it"))
    line = markers.first_marker_line(text)
    if line and not any(problem_line == line for problem_line, _ in found):
        found.append((line, "a private passage (or a marker look-alike) in the docs folder, which any engine "
                            f"publishes as it is: move the file to {content_folder}/, where mentornet hides the "
                            "passage from those who may not see it"))
    return sorted(found)


def docs_folder_problems(layout: Layout) -> list[tuple[str, int, str]]:
    """``(file, line, message)`` for each problem of the engine's docs folder, every text file
    of which any engine publishes to everyone as it is (see :func:`published_as_is`); none in
    the old layout, where the docs folder is the content folder and mentornet filters it."""
    if layout.engine_reads_content or not layout.docs_dir.is_dir():
        return []
    found = []
    content = layout.shown(layout.content_dir)
    for path in sorted(layout.docs_dir.rglob("*")):
        name = path.name.lower()
        if not path.is_file() or not (name.endswith(TEXT_SUFFIXES) or OTHER_MARKDOWN.search(name)):
            continue
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        found += [(layout.shown(path), line, message) for line, message in published_as_is(name, text, content)]
    return found


def _key_line(text: str) -> int:
    for number, line in enumerate(markers.LINE_END.split(text), start=1):
        if line.lstrip().lower().startswith(KEY):
            return number
    return 1


def hidden_pages(pages: Iterable[tuple[str, Union[str, Path]]], audience: Audience,
                 default: str) -> tuple[set[str], list[str]]:
    """The hand-written pages ``audience`` may not see, and warnings about files that cannot be read.

    ``pages`` are ``(src_uri, path)`` pairs. The whole file is read (front matter may be long).
    Raises :class:`VisibilityProblem` naming FILE:LINE of every page whose front matter or
    private markers cannot be read exactly (see the module's note); a file that cannot be
    read at all is hidden from every audience but the owner, with a warning.
    """
    hidden: set[str] = set()
    warnings: list[str] = []
    problems: list[str] = []
    for src_uri, path in pages:
        try:
            with open(path, "rb") as handle:
                text = handle.read().decode("utf-8", errors="replace")
        except OSError as error:
            warnings.append(f"{src_uri}: could not be read ({error.strerror})")
            hidden.add(src_uri)
            continue
        visibility, found = page_problems(text, default)
        problems += [f"{src_uri}:{line}: {message}" for line, message in found]
        if not audience.sees(visibility):
            hidden.add(src_uri)
    if problems:
        raise VisibilityProblem("\n".join(problems))
    return hidden, warnings
