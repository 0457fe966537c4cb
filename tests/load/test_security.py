"""Security hardening: hostile data never becomes markup, DOT, a template, a path or code.

Each test builds or checks a real portfolio; the injection tests fill EVERY string field of
every data model with a hostile payload (the fields are found by introspection, so a field
added later is covered without editing this file) and search every output file.
"""

from __future__ import annotations

import ast
from html.parser import HTMLParser
import gzip
import json
import os
import re
import shutil
import time
import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from tests.conftest import REPO, PortfolioFolder
from mentornet.core import model
#: One payload per way in: HTML, script, an event handler, a script link in Markdown, DOT
#: quoting and HTML-like labels, Jinja expressions and statements, and a Markdown link.
PAYLOAD = ("<script>alert('zqxss')</script><img src=x onerror=alert(1)>[a](javascript:alert(2))"
           "\"];x[URL=\"javascript:alert(3)\" label=<<b>x</b>> {{ 'zqev' ~ 'al' }}{% include 'base.html' %}")

#: Markup that must never appear as text in an output file (search index, sitemap, HTML).
DANGER = [
    re.compile(r"<script>alert", re.IGNORECASE),
    re.compile(r"<img src=x", re.IGNORECASE),
    re.compile(r"<b>x</b>"),  # an HTML-like Graphviz label reached the SVG as markup
    re.compile(r"zqeval"),  # a Jinja expression was evaluated
]


class _Markup(HTMLParser):
    """Real tags and attributes of an HTML page: event handlers and script links are flagged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"
        for name, value in attrs:
            value = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "xlink:href", "action", "formaction", "data") and \
                    value.startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"<{tag} {name}={value[:40]}>")

    def handle_data(self, data):
        if self.in_script and "zqxss" in data:
            self.found.append(f"<script>{data[:60]}")

    def handle_endtag(self, tag):
        self.in_script = False


def markup_problems(text: str) -> list[str]:
    parser = _Markup()
    parser.feed(text)
    return parser.found


def _text_fields(cls: type[BaseModel]) -> dict[str, str]:
    """Field name → "str" or "tuple" for every free-text field of a model (not ids, terms, dates)."""
    found = {}
    for name, info in cls.model_fields.items():
        annotation = info.annotation
        meta = [m for m in info.metadata] + [m for arg in typing.get_args(annotation)
                                             for m in getattr(arg, "__metadata__", ())]
        if any(getattr(m, "pattern", None) for m in meta):
            continue  # a slug: tested as a path below
        if annotation is str or (typing.get_origin(annotation) is typing.Annotated
                                 and typing.get_args(annotation)[0] is str):
            found[name] = "str"
        elif typing.get_origin(annotation) is tuple and typing.get_args(annotation)[:1] == (str,):
            found[name] = "tuple"
    return found


def _hostile(cls: type[BaseModel], base: dict, tag: str) -> dict:
    data = dict(base)
    for name, kind in _text_fields(cls).items():
        if name in ("template",):  # MkDocs' own: the name of a theme template to use
            continue
        value = f"{PAYLOAD} {tag}-{name}"
        data[name] = value if kind == "str" else [value]
    return data


def test_every_free_text_field_is_found():
    assert {"name", "title", "organisation", "notes"} <= set(_text_fields(model.Person))
    assert {"text"} <= set(_text_fields(model.Activity))
    assert {"strengths", "weaknesses", "notes"} <= set(_text_fields(model.Audit))
    assert {"title", "agenda", "tags", "description"} <= set(_text_fields(model.EntryMeta))
    assert {"name", "why", "found", "next_step"} <= set(_text_fields(model.Prospect))
    assert {"answer"} <= set(_text_fields(model.Reflection))
    assert {"name", "headline", "pitch", "bio"} <= set(_text_fields(model.Profile))


def hostile_portfolio(root: Path) -> PortfolioFolder:
    folder = PortfolioFolder(root)
    folder.write("mkdocs.yml", "site_url: https://example.org/\n" + (REPO / "tests" / "conftest.py")
                 .read_text().split('MKDOCS_YML = """\\\n', 1)[1].split('"""', 1)[0])
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)  # noqa: E731
    goal = _hostile(model.Goal, {"id": "g", "needs": ["career"]}, "goal")
    folder.write("data/profile.yaml", dump(_hostile(model.Profile, {
        "goals": [goal], "social_systems": [{"id": "own", "label": PAYLOAD}]}, "profile")), dedent=False)
    people = [
        _hostile(model.Person, {
            "id": "eve", "support": ["job"], "roles": ["sponsor"], "knows": ["bob"], "seniority": "senior",
            "closeness": "close", "inside": True, "social_system": "own", "cadence": "monthly",
            "last_contact": "2026-01-01", "attributes": {PAYLOAD: PAYLOAD},
            "links": [{"title": PAYLOAD, "url": "https://example.org/?q=<script>alert('zqxss')</script>"}],
        }, "person"),
        _hostile(model.Person, {"id": "bob", "support": ["career"], "inside": False}, "person2"),
    ]
    folder.write("data/people.yaml", dump(people), dedent=False)
    folder.write("data/audit.yaml", dump([
        _hostile(model.Audit, {"date": "2026-01-01", "core": ["eve", "bob"],
                               "strengths": [PAYLOAD], "weaknesses": [PAYLOAD]}, "audit")]), dedent=False)
    folder.write("data/plan.yaml", dump({
        "activities": [_hostile(model.Activity, {"id": "act", "due": "2026-01-01"}, "activity")],
        "prospects": [_hostile(model.Prospect, {"id": "pro", "via": "eve", "needs": ["career"]}, "prospect")],
    }), dedent=False)
    folder.write("data/reflections.yaml", dump({
        "first-step": _hostile(model.Reflection, {}, "reflection")}), dedent=False)
    meta = _hostile(model.EntryMeta, {"date": "2026-01-10", "people": ["eve"], "kind": "meeting",
                                      "actions": [_hostile(model.Action, {"due": "2026-01-01"}, "action")]},
                    "entry")
    meta["hide"] = []
    folder.write("content/journal/2026-01-10-hostile.md", "---\n" + dump(meta) + "---\n\nBody.\n", dedent=False)
    folder.write("content/index.md", "# Home\n", dedent=False)
    folder.write("content/diagram.md", "# Diagram\n\n```mentornet\nperson: eve\n```\n\n```mentornet\nmap\n```\n",
                 dedent=False)
    return folder


def _outputs(site: Path):
    for path in sorted(site.rglob("*")):
        if not path.is_file() or "assets/javascripts" in path.as_posix() or path.suffix in (".png", ".svg", ".woff2"):
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        yield path, data.decode("utf-8", errors="replace")


@pytest.mark.parametrize("audience", ["owner", "mentor"])
def test_no_yaml_field_becomes_markup_script_or_a_template(tmp_path, audience):
    folder = hostile_portfolio(tmp_path / "p")
    folder.write("mkdocs.yml", (folder.root / "mkdocs.yml").read_text().replace(
        'today: "2026-11-22"', f'today: "2026-11-22"\n      audience: {audience}'), dedent=False)
    folder.build()
    seen = 0
    for path, text in _outputs(folder.site):
        if path.suffix in (".html", ".svg"):
            assert not markup_problems(text), (path.relative_to(folder.site), markup_problems(text))
        for pattern in DANGER:
            match = pattern.search(text)
            assert match is None, (f"{path.relative_to(folder.site)}: {pattern.pattern!r} matched "
                                   f"{text[max(0, match.start() - 120):match.end() + 120]!r}")
        seen += text.count("zqxss")
    assert seen > 20  # the payload did reach the pages, escaped
    person = folder.page("people/eve")
    assert "&lt;script&gt;alert(&#x27;zqxss&#x27;)" in person or "&lt;script&gt;alert('zqxss')" in person
    assert "{{ 'zqev' ~ 'al' }}" in person.replace("&#x27;", "'").replace("&#39;", "'")
    assert 'class="mentornet-diagram' in folder.page("diagram")


def test_analyze_json_keeps_hostile_text_as_data(tmp_path):
    folder = hostile_portfolio(tmp_path / "p")
    result = folder.mentornet("analyze", "--json")
    assert result.returncode == 0, result.stderr
    assert "zqeval" not in result.stdout
    assert PAYLOAD in _strings(json.loads(result.stdout))  # the text itself, as a string of the JSON


def _strings(value) -> list[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [key, *_strings(item)]]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def test_dot_sources_escape_quotes_and_markup(tmp_path):
    from mentornet.diagrams import dot
    from mentornet.core.layout import Layout
    from mentornet.load import load

    folder = hostile_portfolio(tmp_path / "p")
    portfolio = load(Layout.of(folder.root))
    for name in ("map", "roles", "range", "person:eve"):
        source = dot.build(portfolio, name).source
        assert "zqxss" in source, name  # the payload reached the diagram
        assert not re.search(r'(?<!\\)"\];x\[', source), name  # a quote that ends the string early
        labels = re.findall(r"label=<(.*?)>[,\]]", source)
        assert labels, name
        for label in labels:  # HTML-like labels: markup escaped
            assert "<b>x</b>" not in label and "<script>" not in label, name


# -- paths ----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["../x", "..", "a/b", "x\\\\y", "%2e%2e"])
def test_ids_that_could_be_paths_are_refused(portfolio, bad_id):
    portfolio.write("data/people.yaml", f'- id: "{bad_id}"\n  name: X\n', dedent=False)
    result = portfolio.mentornet("check")
    assert result.returncode == 1
    assert "is not a valid id" in result.stderr


def test_person_files_must_be_named_by_a_valid_id(portfolio):
    portfolio.write("data/people/x y.yaml", "name: X\n", dedent=False)
    result = portfolio.mentornet("check")
    assert result.returncode == 1 and "data/people/x y.yaml" in result.stderr


@pytest.mark.parametrize("name", ["a meeting with spaces", "50%2F..%2Fevil", "#frag?x", "_draft"])
def test_journal_file_names_that_break_or_escape_links_are_refused(portfolio, name):
    portfolio.entry(name, "date: 2026-03-01")
    result = portfolio.mentornet("check")
    assert result.returncode == 1
    assert f"content/journal/{name}.md:1:1: rename this file" in result.stderr
    build = portfolio.build(check=False)
    assert build.returncode == 1 and "rename this file" in build.stderr


def test_hidden_journal_files_are_not_entries(portfolio):
    portfolio.entry("..%2F..%2Fevil", "date: 2026-03-01\ntitle: zqhidden")
    portfolio.entry(".draft", "date: 2026-03-01\ntitle: zqhidden")
    assert portfolio.mentornet("check").returncode == 0
    portfolio.build("--strict")
    assert "zqhidden" not in "".join(p.read_text(errors="replace") for p in portfolio.site.rglob("*.html"))


def test_unicode_journal_file_names_are_fine(portfolio):
    portfolio.entry("2026-03-01-möte", "date: 2026-03-01\ntitle: Möte")
    portfolio.build("--strict")
    assert "Möte" in portfolio.page("journal")


@pytest.mark.parametrize("where", ["data/audit.yaml", "data/people/zed.yaml", "content/journal/2026-01-01-x.md",
                                   "content/notes.md", "content/linked-folder"])
def test_symbolic_links_leading_outside_are_refused(portfolio, tmp_path, where):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ndate: 2026-01-01\n---\n# zqoutside\n")
    (outside / "zed.yaml").write_text("name: zqoutside\n")
    (outside / "audit.yaml").write_text("- date: 2026-01-01\n  notes: zqoutside\n")
    link = portfolio.root / where
    link.parent.mkdir(parents=True, exist_ok=True)
    target = outside if where.endswith("folder") else outside / (Path(where).name if where.endswith(".yaml")
                                                                 else "secret.md")
    os.symlink(target, link)
    result = portfolio.build(check=False)
    assert result.returncode == 1
    assert "symbolic link to a file outside the repository" in result.stderr
    shown = where + ("/secret.md" if where.endswith("folder") else "")
    assert f"{shown}:1:1" in result.stderr
    assert not portfolio.site.exists()


def test_links_inside_the_repository_are_fine(portfolio):
    (portfolio.root / "shared").mkdir()
    (portfolio.root / "shared" / "about.md").write_text("# About zqinside\n")
    os.symlink(portfolio.root / "shared" / "about.md", portfolio.root / "content" / "about.md")
    portfolio.build("--strict")
    assert "zqinside" in portfolio.page("about")


# -- YAML -----------------------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9))


@pytest.mark.parametrize("where", ["data", "journal", "page"])
def test_alias_bombs_fail_clearly_and_quickly(portfolio, where):
    if where == "data":
        portfolio.write("data/plan.yaml", BOMB, dedent=False)
    elif where == "journal":
        portfolio.entry("2026-02-01-bomb", "date: 2026-02-01\n" + BOMB)
    else:
        portfolio.write("content/page.md", "---\nvisibility: public\n" + BOMB + "---\n# Page\n", dedent=False)
    start = time.perf_counter()
    result = portfolio.build(check=False)
    elapsed = time.perf_counter() - start
    assert elapsed < 20
    if where == "page":  # MkDocs reads a page's front matter itself, without expanding aliases
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 1
        assert "alias" in result.stderr.lower() and ("data/plan.yaml" in result.stderr
                                                     or "2026-02-01-bomb.md" in result.stderr)


def test_oversized_data_files_are_refused_with_the_file_named(portfolio, monkeypatch):
    portfolio.write("data/people.yaml", "- id: a\n  name: A\n  notes: '" + "x" * (9 * 1024 * 1024) + "'\n",
                    dedent=False)
    start = time.perf_counter()
    result = portfolio.mentornet("check")
    assert time.perf_counter() - start < 20
    assert result.returncode == 1 and "data/people.yaml" in result.stderr
    assert "too large" in result.stderr or "larger" in result.stderr


UNSAFE = "!!python/object/apply:os.system ['touch {marker}']"


@pytest.mark.parametrize("where", ["data", "journal", "page"])
def test_yaml_tags_never_run_code(portfolio, where):
    marker = portfolio.root / "pwned"
    tag = UNSAFE.format(marker=marker)
    if where == "data":
        portfolio.write("data/audit.yaml", f"- date: 2026-01-01\n  notes: {tag}\n", dedent=False)
    elif where == "journal":
        portfolio.entry("2026-02-01-tag", f"date: 2026-02-01\ntitle: {tag}")
    else:
        portfolio.write("content/page.md", f"---\nvisibility: {tag}\ntitle: {tag}\n---\n# Page\n", dedent=False)
    control = portfolio.root.parent / "run-when-loaded-unsafely"
    yaml.unsafe_load(f"x: {UNSAFE.format(marker=control)}")
    assert control.exists()  # the payload is live: it runs its command when YAML is loaded unsafely
    file = {"data": "data/audit.yaml:2:", "journal": "content/journal/2026-02-01-tag.md:3:",
            "page": "content/page.md:2:1:"}[where]
    for result in (portfolio.mentornet("check"), portfolio.build(check=False)):
        assert result.returncode == 1 and file in result.stderr, result.stderr  # read, and refused
    assert not marker.exists()


def test_the_package_loads_yaml_only_safely():
    """Every yaml.load in the package names a loader derived from SafeLoader; no unsafe loading."""
    package = REPO / "plugins" / "mentornet"
    for path in package.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"unsafe_load|FullLoader|UnsafeLoader|yaml\.Loader\b|full_load", source), path
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("load", "load_all") \
                    and getattr(node.func.value, "id", "") == "yaml":
                loader = next((k.value for k in node.keywords if k.arg == "Loader"), None)
                assert loader is not None, f"{path}:{node.lineno}: yaml.load without a Loader"
                name = getattr(loader, "id", None) or getattr(loader, "attr", None)
                dotted = path.relative_to(package).with_suffix("").as_posix().replace("/", ".")
                module = __import__(f"mentornet.{dotted}", fromlist=["x"])
                cls = getattr(module, name, None) or getattr(yaml, name)
                assert issubclass(cls, (yaml.SafeLoader, yaml.BaseLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader),
                                        getattr(yaml, "CBaseLoader", yaml.BaseLoader))), f"{path}:{node.lineno}"


@pytest.mark.parametrize("folder_name", ["data", "content"])
def test_a_source_folder_linked_outside_the_repository_is_refused_by_build_and_check(portfolio, tmp_path,
                                                                                     folder_name):
    import subprocess

    outside = tmp_path / "outside"
    shutil.move(portfolio.root / folder_name, outside)
    os.symlink(outside, portfolio.root / folder_name)
    (outside / ("zqoutside.yaml" if folder_name == "data" else "zqoutside.md")).write_text("# zqoutside\n")
    subprocess.run(["git", "init", "-q"], cwd=portfolio.root, check=True)  # the history reads the folder too
    subprocess.run(["git", "-c", "user.name=A", "-c", "user.email=a@example.org", "-c", "commit.gpgsign=false",
                    "commit", "-q", "--allow-empty", "-m", "start"], cwd=portfolio.root, check=True)
    built = portfolio.build(check=False)
    checked = portfolio.mentornet("check")
    diffed = portfolio.mentornet("diff", "HEAD", "HEAD")
    for result in (built, checked, diffed):
        assert result.returncode == 1
        assert f"{folder_name}:1:1: refused: the folder {folder_name} leads outside the repository" in result.stderr
        assert "Traceback" not in result.stderr and "All good" not in result.stdout
        assert "zqoutside" not in (result.stdout + result.stderr).replace(str(outside), "")
    assert not portfolio.site.exists()


@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_page_or_folder_linked_outside_the_repository_from_inside_content_is_refused_by_check_as_by_build(
        portfolio, tmp_path, link):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "zqleak.md").write_text("# zqleak\n", encoding="utf-8")
    name = "leak.md" if link == "file" else "leak"
    os.symlink(outside / "zqleak.md" if link == "file" else outside, portfolio.root / "content" / name)
    shown = "content/leak.md" if link == "file" else "content/leak/zqleak.md"
    for result in (portfolio.mentornet("check"), portfolio.build(check=False)):
        assert result.returncode == 1, result.stdout + result.stderr
        assert f"{shown}:1:1: refused: this is a symbolic link to a file outside the repository" in result.stderr
        assert "Traceback" not in result.stderr and "All good" not in result.stdout
    assert not portfolio.site.exists()
