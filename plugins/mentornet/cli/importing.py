"""``mentornet import``: people from a vCard file, LinkedIn's ``Connections.csv`` or a plain CSV.

Reading the file is the edge; :func:`plan` is pure (contacts and the portfolio in, the records
to add out): ids slugged from names and made unique against the portfolio's people and
prospects and within the file, and anyone already there by name left alone. The records are
appended as text to the file the portfolio already uses (``data/people.yaml``,
``data/people/<id>.yaml`` or ``plan.yaml``'s ``prospects:``), so its comments and layout stay;
nothing already written is changed. Imported people are ``visibility: private``: a contact
list is not something to publish until one says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import click

from mentornet.cli import userfiles
from mentornet.cli.project import project_for, stages_for
from mentornet.core.model import Portfolio
from mentornet.core.problems import PortfolioError
from mentornet.journal.writing import yaml_value
from mentornet.load import load
from mentornet.load.yamlsource import Mapping, Sequence, parse


class ImportProblem(ValueError):
    """A file that cannot be read as contacts: the message says why and what would work."""


@dataclass(frozen=True)
class Contact:
    name: str
    organisation: str = ""
    title: str = ""
    email: str = ""
    url: str = ""
    #: When the connection was made (LinkedIn's "Connected On").
    since: Optional[dt.date] = None
    #: Where the contact came from, for a prospect's ``found``.
    source: str = ""


# -- reading -------------------------------------------------------------------------------


def read_contacts(path: Path) -> list[Contact]:
    """The contacts in a ``.vcf`` or ``.csv`` file (LinkedIn's export or a plain table)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem(f"{path}: not UTF-8 text; save it as UTF-8 and import again") from None
    if path.suffix.lower() in (".vcf", ".vcard") or text.lstrip().upper().startswith("BEGIN:VCARD"):
        return _vcards(text, path)
    return _table(text, path)


def _vcards(text: str, path: Path) -> list[Contact]:
    import vobject

    found = []
    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as error:  # noqa: BLE001 - vobject raises several kinds for a broken file
        raise ImportProblem(f"{path}: not a vCard file vobject can read ({error})") from None
    for card in cards:
        contents = card.contents

        def value(key: str, contents: dict = contents) -> str:
            item = contents.get(key)
            if not item:
                return ""
            raw = item[0].value
            return "; ".join(part for part in raw if part) if isinstance(raw, list) else str(raw)

        name = value("fn")
        if not name and "n" in contents:
            parts = contents["n"][0].value
            name = " ".join(p for p in (parts.prefix, parts.given, parts.additional, parts.family) if p)
        org = contents["org"][0].value[0] if contents.get("org") and contents["org"][0].value else ""
        if name.strip():
            found.append(Contact(name.strip(), str(org).strip(), value("title").strip(), value("email").strip(),
                                 value("url").strip(), source="a vCard"))
    return found


_COLUMNS = {
    "name": ("name", "full name", "display name"),
    "first": ("first name", "given name", "first"),
    "last": ("last name", "family name", "surname", "last"),
    "organisation": ("organisation", "organization", "company", "institution", "employer", "org"),
    "title": ("title", "position", "job title", "role"),
    "email": ("email", "email address", "e-mail", "e-mail address"),
    "url": ("url", "link", "linkedin", "profile", "website"),
    "since": ("connected on", "since"),
}


def _table(text: str, path: Path) -> list[Contact]:
    lines = text.splitlines()
    # LinkedIn's Connections.csv starts with a "Notes:" paragraph before its header line
    start = next((i for i, line in enumerate(lines) if _header_columns(line)), None)
    if start is None:
        raise ImportProblem(f"{path}: no header line with a name column; expected columns such as "
                            "'name' (or 'first name' and 'last name'), 'organisation', 'title'")
    reader = csv.reader(io.StringIO("\n".join(lines[start:])))
    header = [cell.strip().casefold() for cell in next(reader)]
    where = {key: next((header.index(n) for n in names if n in header), None) for key, names in _COLUMNS.items()}
    linkedin = where["since"] is not None and "connected on" in header
    found = []
    for row in reader:
        def cell(key: str, row: list = row) -> str:
            index = where[key]
            return row[index].strip() if index is not None and index < len(row) else ""

        name = cell("name") or " ".join(part for part in (cell("first"), cell("last")) if part)
        if not name:
            continue
        found.append(Contact(name, cell("organisation"), cell("title"), cell("email"), cell("url"),
                             _connected_on(cell("since")), "LinkedIn" if linkedin else path.name))
    return found


def _header_columns(line: str) -> bool:
    cells = {cell.strip().strip('"').casefold() for cell in next(csv.reader([line]), [])}
    return bool(cells & set(_COLUMNS["name"])) or bool(cells & set(_COLUMNS["first"]) and cells & set(_COLUMNS["last"]))


def _connected_on(text: str) -> Optional[dt.date]:
    for pattern in ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


# -- what to add (pure) ------------------------------------------------------------------


def slug(name: str) -> str:
    """An id from a name: lowercase letters, digits and '-', accents dropped, honorifics kept out."""
    import unicodedata

    from mentornet.core.model import HONORIFICS

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", plain)
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return "-".join(words)[:80].strip("-") or "someone"


@dataclass
class Plan:
    added: list[tuple[str, Contact]] = field(default_factory=list)
    #: Contacts left out, with why (already in the portfolio, or twice in the file).
    skipped: list[tuple[Contact, str]] = field(default_factory=list)


def plan(portfolio: Portfolio, contacts: Iterable[Contact]) -> Plan:
    taken = {p.id for p in portfolio.people} | {p.id for p in portfolio.plan.prospects}
    names = {p.name.casefold(): f"already in your network as '{p.id}'" for p in portfolio.people}
    names.update({p.name.casefold(): f"already a prospect as '{p.id}'" for p in portfolio.plan.prospects})
    result = Plan()
    for contact in contacts:
        known = names.get(contact.name.casefold())
        if known:
            result.skipped.append((contact, known))
            continue
        base = slug(contact.name)
        new_id, number = base, 2
        while new_id in taken:
            new_id, number = f"{base}-{number}", number + 1
        taken.add(new_id)
        names[contact.name.casefold()] = f"twice in the file (added once, as '{new_id}')"
        result.added.append((new_id, contact))
    return result


def record_lines(new_id: str, contact: Contact, as_: str) -> list[str]:
    """One person or prospect as the lines of a YAML mapping (no leading ``- ``)."""
    lines = [f"id: {new_id}", f"name: {yaml_value(contact.name)}"]
    if contact.title:
        lines.append(f"title: {yaml_value(contact.title)}")
    if contact.organisation:
        lines.append(f"organisation: {yaml_value(contact.organisation)}")
    if as_ == "prospects":
        lines.append("stage: identified")
        found = contact.source + (f", connected {contact.since.isoformat()}" if contact.since else "")
        if found:
            lines.append(f"found: {yaml_value(found)}")
    elif contact.since:
        lines.append(f"since: {contact.since.isoformat()}")
    links = []
    if re.match(r"^https?://", contact.url, re.IGNORECASE):
        links.append(("LinkedIn" if "linkedin." in contact.url.lower() else "Web page", contact.url))
    if contact.email and "@" in contact.email and as_ == "people":
        links.append(("Email", f"mailto:{contact.email}"))
    if links and as_ == "people":
        lines.append("links:")
        lines += [f"  - {{title: {title}, url: {yaml_value(url)}}}" for title, url in links]
    lines.append("visibility: private")
    return lines


def as_list_items(records: list[list[str]], indent: int) -> str:
    pad = " " * indent
    out = []
    for lines in records:
        out.append(f"{pad}- {lines[0]}")
        out += [f"{pad}  {line}" for line in lines[1:]]
    return "\n".join(out) + "\n"


# -- appending to the files as they are ---------------------------------------------------


def _dash_column(text: str, mark) -> int:
    """Where the ``-`` of a list item stands (PyYAML marks the item's value, after it)."""
    line = text.splitlines()[mark.line]
    return max(0, line.rfind("-", 0, mark.column + 1))


def append_to_list_file(text: str, items: list[list[str]]) -> str:
    """``people.yaml`` (a top-level list) with the items appended after what is there."""
    document = parse(text, "people.yaml", [])
    data = document.data if document else None
    if data is None or (isinstance(data, Sequence) and not data):
        kept = re.sub(r"(?m)^\[\][ \t]*(#.*)?$\n?", "", text)  # an empty `[]` gives way to the list
        return (kept.rstrip("\n") + "\n" if kept.strip() else kept) + as_list_items(items, 0)
    if not isinstance(data, Sequence) or not data.item_marks:
        raise ImportProblem("people.yaml is not a list of people: fix it, then import again")
    indent = _dash_column(text, data.item_marks[0])
    if text.lstrip().startswith("["):
        raise ImportProblem("people.yaml is written as one [ … ] list: write it as `- ` items to import")
    return text + ("" if text.endswith("\n") else "\n") + as_list_items(items, indent)


def append_prospects(text: str, items: list[list[str]]) -> str:
    """``plan.yaml`` with the items added at the end of its ``prospects:`` (made if missing)."""
    document = parse(text, "plan.yaml", [])
    data = document.data if document else None
    if data is None:
        return text.rstrip("\n") + ("\n" if text.strip() else "") + "prospects:\n" + as_list_items(items, 2)
    if not isinstance(data, Mapping):
        raise ImportProblem("plan.yaml is not a mapping with `activities:` and `prospects:`: fix it first")
    if "prospects" not in data:
        return text + ("" if text.endswith("\n") or not text else "\n") + "prospects:\n" + as_list_items(items, 2)
    lines = text.splitlines(keepends=True)
    key_line = data.key_marks["prospects"].line
    prospects = data["prospects"]
    if prospects is None or (isinstance(prospects, Sequence) and not prospects):
        lines[key_line] = re.sub(r"prospects\s*:.*", "prospects:", lines[key_line].rstrip("\r\n")) + "\n"
        lines.insert(key_line + 1, as_list_items(items, 2))
        return "".join(lines)
    if not isinstance(prospects, Sequence) or prospects.item_marks[0].line == key_line:
        raise ImportProblem("plan.yaml's prospects are written as one [ … ] list: write them as `- ` items to import")
    indent = _dash_column(text, prospects.item_marks[0])
    end = len(lines)
    for number in range(key_line + 1, len(lines)):  # the next top-level key ends the list
        line = lines[number]
        if line.strip() and not line[0].isspace() and not line.startswith(("-", "#")):
            end = number
            break
    while end > key_line + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # comments and blank lines before the next key stay with it
    block = as_list_items(items, indent)
    if end and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines.insert(end, block)
    return "".join(lines)


@click.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--as", "as_", type=click.Choice(("prospects", "people")), default="prospects", show_default=True,
              help="Add them as prospects in plan.yaml (people to approach), or to your network.")
@click.option("--dry-run", is_flag=True, help="Print what would be added; write nothing.")
def import_command(file: Path, folder: Path, as_: str, dry_run: bool) -> None:
    """Import contacts from FILE: a vCard (.vcf), LinkedIn's Connections.csv or a CSV with name,
    organisation and title columns, into the portfolio in FOLDER."""
    try:
        contacts = read_contacts(file)
    except ImportProblem as error:
        raise click.ClickException(str(error)) from None
    # read, add and write under the lock: another command's change in between would be lost
    with userfiles.locked(project_for(folder, "owner").layout.data_dir):
        _import(contacts, file, folder, as_, dry_run)


def _import(contacts: list[Contact], file: Path, folder: Path, as_: str, dry_run: bool) -> None:
    stages = stages_for(folder, "owner")
    planned = plan(stages.portfolio, contacts)
    layout = stages.layout
    records = [record_lines(new_id, contact, as_) for new_id, contact in planned.added]
    people_dir = layout.data_dir / "people"
    writes: dict[Path, str] = {}
    try:
        if not records:
            pass
        elif as_ == "people" and people_dir.is_dir() and any(people_dir.glob("*.y*ml")):
            for (new_id, _), lines in zip(planned.added, records):
                writes[people_dir / f"{new_id}.yaml"] = "\n".join(lines[1:]) + "\n"  # the id is the file's name
        elif as_ == "people":
            target = layout.data_dir / "people.yaml"
            writes[target] = append_to_list_file(target.read_text(encoding="utf-8") if target.exists() else "",
                                                 records)
        else:
            target = layout.data_dir / "plan.yaml"
            writes[target] = append_prospects(target.read_text(encoding="utf-8") if target.exists() else "", records)
    except ImportProblem as error:
        raise click.ClickException(f"{layout.shown(target)}: {error}") from None
    what = "people" if as_ == "people" else "prospects"
    for contact, why in planned.skipped:
        click.echo(f"Skipped {contact.name}: {why}")
    if not records:
        click.echo(f"Nothing to add: {len(contacts)} contact(s) in {file.name}, none new.")
        return
    if dry_run:
        for path, text in writes.items():
            click.echo(f"Would add to {layout.shown(path)}:" if path.exists() else f"Would write {layout.shown(path)}:")
            if path.exists() and text.startswith(path.read_text(encoding="utf-8")):
                click.echo(text[len(path.read_text(encoding="utf-8")):], nl=False)
            else:
                click.echo(as_list_items(records, 0) if path.name in ("plan.yaml", "people.yaml") else text, nl=False)
        click.echo(f"(dry run: nothing written; {len(records)} {what} would be added)")
        return
    before = {path: path.read_text(encoding="utf-8") if path.exists() else None for path in writes}
    written: list[Path] = []
    try:
        for path, text in writes.items():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise userfiles.UserFileError(f"{layout.shown(path.parent)}: cannot make the folder "
                                              f"({error.strerror}); nothing was changed") from None
            userfiles.write_text(path, text)
            written.append(path)
    except userfiles.UserFileError:
        _restore(before, written)  # all or nothing: the files written before this one go back
        raise
    try:
        load(layout)
    except PortfolioError as error:
        _restore(before, written)
        raise click.ClickException("the import would not pass `mentornet check`, so nothing was kept:\n"
                                   + error.report()) from None
    shown = ", ".join(f"{new_id} ({contact.name})" for new_id, contact in planned.added[:10])
    more = f" and {len(records) - 10} more" if len(records) > 10 else ""
    places = sorted({layout.shown(p.parent) + "/" if p.parent == people_dir else layout.shown(p) for p in writes})
    click.echo(f"Added {len(records)} {what} to {', '.join(places)}, each visibility: private: {shown}{more}.")


def _restore(before: dict[Path, str | None], written: list[Path]) -> None:
    """Put back the files an import wrote, as they were before it."""
    for path in written:
        if before[path] is None:
            userfiles.remove(path)
        else:
            userfiles.write_text(path, before[path])
