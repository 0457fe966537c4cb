"""``mentornet import``: people from contact files as programs export them, and spreadsheets.

Reading is :mod:`mentornet.cli.contacts`; :func:`plan` is pure (contacts and the portfolio
in, what to add and change out): ids made from names in any script and unique against the
portfolio's people and prospects and within the file; anyone already there (by id, by name
however spelt, by a link or e-mail they share) left alone, or with ``--update`` changed field
by field; two people of the same name with different links kept apart. People are written
through :mod:`mentornet.cli.yamledit`, so every comment and every untouched line stays;
prospects are appended as text to ``plan.yaml``'s ``prospects:``. Imported items are
``visibility: private`` unless the file says otherwise: a contact list is not something to
publish until one says so. Nothing is written when any row has a problem, and what is
written is checked as ``mentornet check`` checks it, or put back as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import click
import yaml

from mentornet.cli import yamledit
from mentornet.cli.contacts import PERSON_COLUMNS, PROSPECT_COLUMNS, Contact, Contents, ImportProblem, read
from mentornet.cli import userfiles
from mentornet.cli.project import project_for, stages_for
from mentornet.cli.userfiles import UserFileError, write_text
from mentornet.core.model import Person, Portfolio, Prospect
from mentornet.core.names import MAX_SLUG, name_key, slug
from mentornet.core.problems import PortfolioError
from mentornet.core.words import count_of, people_word
from mentornet.core.yamldata import Yaml, YamlMap
from mentornet.journal.writing import yaml_value
from mentornet.load import load
from mentornet.load.yamlsource import Mapping, Sequence, parse

# -- what to add and change (pure) ---------------------------------------------------------------


def _link_key(url: str) -> str:
    """A link as compared: scheme, ``www.``, case and a trailing ``/`` do not count."""
    text = url.strip().casefold()
    text = re.sub(r"^(https?://)?(www\.)?", "", text)
    return text.removeprefix("mailto:").rstrip("/")


def _site(key: str) -> str:
    return key.split("/", 1)[0] if "@" not in key else ""


def different_people(ours: set[str], theirs: set[str]) -> bool:
    """Two people of the same name are two when their links share nothing and two of them are
    on the same site yet differ (two LinkedIn profiles); a staff page beside a LinkedIn profile,
    or two e-mail addresses, may well be one person's."""
    if ours & theirs:
        return False
    return bool({_site(key) for key in ours} & {_site(key) for key in theirs} - {""})


def _contact_keys(contact: Contact) -> set[str]:
    return {_link_key(url) for _, url in contact.links} | {_link_key(email) for email in contact.emails}


def _record_keys(record: Person | Prospect) -> set[str]:
    return {_link_key(link.url) for link in record.links}


@dataclass
class Plan:
    #: ``(new id, contact)`` for each person or prospect to add.
    added: list[tuple[str, Contact]] = field(default_factory=list)
    #: ``(id, contact, changes)``: people to change (``--update``), each field's new value
    #: (None removes it; ``attributes`` maps each key changed to its value or None).
    updated: list[tuple[str, Contact, YamlMap]] = field(default_factory=list)
    #: Contacts left out, with why (already in the portfolio, or twice in the file).
    skipped: list[tuple[Contact, str]] = field(default_factory=list)


def _as_json(value: Yaml) -> Yaml:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def changes(person: Person, contact: Contact, fields: Iterable[str]) -> YamlMap:
    """The fields of ``person`` a spreadsheet row changes: only a cell that says something else
    than the person's data. An empty cell clears a field in a row with an id (the export's
    people.csv); elsewhere (a contacts file's empty Notes) it says nothing."""
    now = person.model_dump(mode="json")
    out: YamlMap = {}
    if contact.id and contact.name != person.name:  # matched by id: the name is a cell like any other
        out["name"] = contact.name
    for name in fields:
        if name == "attributes":
            edits = {key: value for key, value in contact.fields["attributes"].items()
                     if (value or None) != (person.attributes.get(key) or None) and (value or contact.id)}
            if edits:
                out["attributes"] = edits
            continue
        new, old = _as_json(contact.fields[name]), now.get(name)
        if new is None and (old in (None, "", [], {}) or not contact.id):
            continue  # an empty cell clears a field only in a row that names its person by id
        if name == "notes" and old and not contact.id:
            continue  # a contacts file's Notes never replace the notes you wrote
        if new != old:
            out[name] = contact.fields[name]
    return out


def merge_rows(contacts: Iterable[Contact]) -> tuple[list[Contact], list[str]]:
    """One contact per person: the exercise's grid typed into a table names a person on a row
    for each kind of support they give ("Diane Roberts, career" and "Diane Roberts, personal").
    Rows of the same name (and id, and no differing links) become one: their lists joined, a
    single value taken from the first row that says one. Also: a line for each value two rows
    disagree on (the first is kept)."""
    merged: list[Contact] = []
    notes: list[str] = []
    for contact in contacts:
        key, links = name_key(contact.name), _contact_keys(contact)
        same = next((m for m in merged if key and name_key(m.name) == key and contact.id == m.id
                     and not different_people(links, _contact_keys(m))), None)
        if same is None:
            merged.append(dataclasses.replace(contact, fields=dict(contact.fields)))
            continue
        same.emails = tuple(dict.fromkeys(same.emails + contact.emails))
        same.links = tuple(dict.fromkeys(same.links + contact.links))
        same.title, same.organisation = same.title or contact.title, same.organisation or contact.organisation
        for name, value in contact.fields.items():
            had = same.fields.get(name)
            if isinstance(value, list) and isinstance(had, list):
                same.fields[name] = list(dict.fromkeys(had + value))
            elif isinstance(value, dict) and isinstance(had, dict):
                same.fields[name] = {**value, **{k: item for k, item in had.items() if item is not None}}
            elif had is None:
                same.fields[name] = value
            elif value is not None and value != had:
                notes.append(f"{contact.line}: {contact.name}'s {name} is {_shown(had)} on line {same.line} and "
                             f"{_shown(value)} here: kept {_shown(had)}")
    return merged, notes


def plan(portfolio: Portfolio, contacts: Iterable[Contact], *, update: bool = False,
         fields: Iterable[str] = PERSON_COLUMNS) -> Plan:
    """What to add and, with ``update``, change: see the module's docstring."""
    fields = tuple(fields)
    taken = {p.id for p in portfolio.people} | {p.id for p in portfolio.plan.prospects}
    by_id = {p.id: p for p in portfolio.people}
    # whom each name key and each link belongs to: (id, keys of their links, what to say)
    known: list[tuple[str, str, set[str], str]] = []
    for member in portfolio.people:
        known.append((member.id, name_key(member.name), _record_keys(member), f"already in your network as "
                                                                               f"'{member.id}'"))
    for prospect in portfolio.plan.prospects:
        known.append((prospect.id, name_key(prospect.name), _record_keys(prospect),
                      f"already a prospect as '{prospect.id}'"))
    result = Plan()
    for contact in contacts:
        key, links = name_key(contact.name), _contact_keys(contact)
        if update:
            person = by_id.get(contact.id) if contact.id else None
            if person is None and not contact.id:
                same = [by_id[i] for i, k, _, _ in known if k == key and key and i in by_id]
                if len(same) > 1:
                    result.skipped.append((contact, f"{len(same)} people are called that "
                                           f"({', '.join(p.id for p in same)}): add an id column to say which"))
                    continue
                person = same[0] if same else None
            if person is not None:
                result.updated.append((person.id, contact, changes(person, contact,
                                                                   [f for f in (*fields, "attributes")
                                                                    if f in contact.fields])))
                continue
        match = _known(known, key, links)
        if match:
            match[2].update(links)  # their links now: another of this name with another profile is someone else
            result.skipped.append((contact, match[3]))
            continue
        base = contact.id if contact.id and contact.id not in taken else slug(contact.name)
        new_id, number = base, 2
        while new_id in taken:
            new_id, number = f"{base[:MAX_SLUG]}-{number}", number + 1
        taken.add(new_id)
        known.append((new_id, key, links, f"twice in the file (added once, as '{new_id}')"))
        result.added.append((new_id, contact))
    return result


def _known(known: list[tuple[str, str, set[str], str]], key: str,
           links: set[str]) -> Optional[tuple[str, str, set[str], str]]:
    """Whom a contact already is, if anyone: the one with a link or e-mail in common, else the
    one of the same name (however spelt) unless their links say they are two people."""
    for entry in known:
        if links & entry[2]:
            return entry
    for entry in known:
        if key and key == entry[1] and not different_people(links, entry[2]):
            return entry
    return None


def _links(contact: Contact) -> list[dict[str, str]]:
    out = []
    for label, url in contact.links:
        site = "LinkedIn" if "linkedin." in url.casefold() else "Web page"
        out.append({"title": label or site, "url": url})
    out += [{"title": "Email", "url": f"mailto:{email}"} for email in contact.emails]
    return out


def record(new_id: str, contact: Contact, as_: str) -> YamlMap:
    """A person or prospect to add, as the mapping to write (fields in the README's order)."""
    allowed = PERSON_COLUMNS if as_ == "people" else PROSPECT_COLUMNS
    data: YamlMap = {"id": new_id, "name": contact.name}
    if contact.title:
        data["title"] = contact.title
    if contact.organisation:
        data["organisation"] = contact.organisation
    data.update({name: value for name, value in contact.fields.items()
                 if name in allowed and value is not None and name not in ("title", "organisation")})
    if as_ == "prospects":
        data.setdefault("stage", "identified")
        if "found" not in data:
            found = contact.source + (f", connected {contact.since.isoformat()}" if contact.since else "")
            if found:
                data["found"] = found
        data.pop("since", None)
    elif contact.since and "since" not in data:
        data["since"] = contact.since
    attributes = {key: value for key, value in (contact.fields.get("attributes") or {}).items() if value}
    if attributes and as_ == "people":
        data["attributes"] = attributes
    links = _links(contact)
    if links:
        data["links"] = links
    data.setdefault("visibility", "private")
    order = list(yamledit.PERSON_ORDER if as_ == "people" else Prospect.model_fields)
    return {key: data[key] for key in sorted(data, key=order.index)}


# -- prospects: appended as text to plan.yaml ------------------------------------------------


def as_list_items(records: list[YamlMap], indent: int) -> str:
    """Records as ``- `` items of a YAML list, ``indent`` spaces in, lists of links as one line each."""
    pad = " " * indent
    out = []
    for data in records:
        lines = []
        for key, value in data.items():
            if key == "links":
                lines.append("links:")
                lines += [f"  - {{title: {yaml_value(link['title'])}, url: {yaml_value(link['url'])}}}"
                          for link in value]
            else:
                lines.append(f"{key}: {_block_value(value)}")
        out.append(f"{pad}- {lines[0]}")
        out += [f"{pad}  {line}" for line in lines[1:]]
    return "\n".join(out) + "\n"


def _block_value(value: Yaml) -> str:
    """A value after ``key:`` in a block mapping: text quoted only when YAML needs it there (a
    comma does not need it, as in ``organisation: University, School``); lists and dates as
    :func:`yaml_value` writes them."""
    if not isinstance(value, str):
        return yaml_value(value)
    text = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_flow_style=False)
    return text.removesuffix("\n...\n").removesuffix("\n") if "\n" not in value else yaml_value(value)


def _dash_column(text: str, mark) -> int:
    """Where the ``-`` of a list item stands (PyYAML marks the item's value, after it)."""
    line = text.splitlines()[mark.line]
    return max(0, line.rfind("-", 0, mark.column + 1))


def append_prospects(text: str, items: list[YamlMap]) -> str:
    """``plan.yaml`` with the items added at the end of its ``prospects:`` (made if missing)."""
    document = parse(text, "plan.yaml", [])
    data = document.data if document else None
    if data is None:
        return text.rstrip("\n") + ("\n" if text.strip() else "") + "prospects:\n" + as_list_items(items, 2)
    if not isinstance(data, Mapping):
        raise ImportProblem(["plan.yaml is not a mapping with `activities:` and `prospects:`: fix it first"])
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
        raise ImportProblem(["plan.yaml's prospects are written as one [ … ] list: write them as `- ` items "
                             "to import"])
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


# -- people: through yamledit --------------------------------------------------------------


def _people_files(data_dir: Path, planned: Plan, as_: str) -> dict[Path, yamledit.DataFile]:
    """The files to write, each as edited: people.yaml and data/people/<id>.yaml."""
    people_dir = data_dir / "people"
    listed = data_dir / "people.yaml"
    one_each = people_dir.is_dir() and any(people_dir.glob("*.y*ml"))
    files: dict[Path, yamledit.DataFile] = {}

    def load_file(path: Path) -> yamledit.DataFile:
        if path not in files:  # a new people.yaml starts with its schema line
            files[path] = yamledit.DataFile.load(path, yamledit.PEOPLE_HEADER if path == listed else "")
        return files[path]

    for person_id, _, change in planned.updated:
        if not change:
            continue
        own = next((p for p in (people_dir / f"{person_id}.yaml", people_dir / f"{person_id}.yml") if p.is_file()),
                   None)
        file = load_file(own) if own else load_file(listed)
        change = dict(change)
        attributes = change.pop("attributes", None)
        person = yamledit.set_fields(file, person_id, **change)
        if attributes:
            if not isinstance(person.get("attributes"), dict):
                yamledit.set_in(person, {"attributes": {}})
            yamledit.set_in(person["attributes"], attributes, order=())
            if not person["attributes"]:
                person.pop("attributes")
            file.touch(person)
    for new_id, contact in planned.added:
        data = record(new_id, contact, as_)
        if one_each:
            file = yamledit.new_person_file(people_dir, data)
            files[file.path] = file
        else:
            yamledit.add_person(load_file(listed), data)
    return files


# -- the command ---------------------------------------------------------------------------


def _ignored_line(contents: Contents, as_: str, used_fields: set[str]) -> Optional[str]:
    columns = list(contents.ignored)
    if as_ == "prospects":
        only = sorted(name for name in used_fields if name in PERSON_COLUMNS and name not in PROSPECT_COLUMNS)
        if only:
            columns.append(f"{', '.join(only)} (fields of people in your network, not of prospects: "
                           "import with --as people)")
    if not columns:
        return None
    shown = ", ".join(columns[:12]) + (f" and {len(columns) - 12} more" if len(columns) > 12 else "")
    return f"Ignored {count_of(len(columns), 'column')} no field takes: {shown}"


@click.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--as", "as_", type=click.Choice(("prospects", "people")), default="prospects", show_default=True,
              help="Add them as prospects in plan.yaml (people to approach), or to your network.")
@click.option("--update", is_flag=True, help="Change the people already there (matched by an id column, else by "
              "name) field by field to what the file says; add the others. For people.csv from "
              "`mentornet export --format csv`, edited in a spreadsheet.")
@click.option("--dry-run", is_flag=True, help="Print what would be added or changed; write nothing.")
def import_command(file: Path, folder: Path, as_: str, update: bool, dry_run: bool) -> None:
    """Import FILE into the portfolio in FOLDER: a vCard (.vcf), a contacts CSV from Google, Outlook
    or LinkedIn, or a spreadsheet of people (columns named as in `mentornet export --format csv`'s
    people.csv, in any case: name, title, organisation, inside, seniority, closeness, support, …)."""
    if update and as_ != "people":
        raise click.ClickException("--update changes people in your network: add --as people")
    # read, add and write under the lock: another command's change in between would be lost
    with userfiles.locked(project_for(folder, "owner").layout.data_dir):
        _import(file, folder, as_, update, dry_run)


def _import(file: Path, folder: Path, as_: str, update: bool, dry_run: bool) -> None:
    stages = stages_for(folder, "owner")
    layout = stages.layout
    if not file.is_file():
        raise click.ClickException(f"{file}: no such file" if not file.exists() else
                                   f"{file}: a folder, not a file: name a .vcf or .csv file in it")
    try:
        contents = read(file, stages.portfolio.profile)
    except ImportProblem as error:
        for message in error.lines:
            click.echo(message, err=True)
        raise click.ClickException(f"nothing was imported: fix {file.name}, then import again") from None
    for line, name in contents.organisations:
        click.echo(f"{file.name}:{line}: skipped {name or 'a card with no name'}: an organisation's card, not a "
                   "person's")
    contacts, notes = merge_rows(contents.contacts)
    for note in notes:
        click.echo(f"{file.name}:{note}")
    used_fields = {name for contact in contents.contacts for name, value in contact.fields.items()
                   if value is not None}
    ignored = _ignored_line(contents, as_, used_fields)
    if ignored:
        click.echo(ignored)
    planned = plan(stages.portfolio, contacts, update=update,
                   fields=PERSON_COLUMNS if as_ == "people" else PROSPECT_COLUMNS)
    for contact, why in planned.skipped:
        click.echo(f"{file.name}:{contact.line}: skipped {contact.name}: {why}")
    changed = [(person_id, contact, change) for person_id, contact, change in planned.updated if change]
    what = "people" if as_ == "people" else "prospects"
    if not planned.added and not changed:
        unchanged = f", {len(planned.updated)} already as it says" if planned.updated else ""
        click.echo(f"Nothing to add or change: {len(contents.contacts)} contact(s) in {file.name}{unchanged}.")
        return
    writes: dict[Path, str] = {}
    try:
        if as_ == "people":
            for path, edited in _people_files(layout.data_dir, planned, as_).items():
                if edited.changed:
                    writes[path] = edited.render()
        else:
            target = layout.data_dir / "plan.yaml"
            text = target.read_text(encoding="utf-8-sig") if target.exists() else ""
            writes[target] = append_prospects(text, [record(i, c, as_) for i, c in planned.added])
    except (ImportProblem, yamledit.EditError) as error:
        raise click.ClickException(f"{error}; nothing was imported") from None
    said = [f"{person_id}: " + ", ".join(f"{name} → {_shown(value)}" for name, value in change.items())
            for person_id, _, change in changed]
    if dry_run:
        for sentence in said:
            click.echo(f"Would change {sentence}")
        for path, text in writes.items():
            click.echo(f"Would write {layout.shown(path)}:" if not path.exists() else
                       f"Would change {layout.shown(path)}.")
            if not path.exists():
                click.echo(text, nl=False)
        if planned.added:
            click.echo(f"Would add {len(planned.added)} {what}:")
            click.echo(as_list_items([record(i, c, as_) for i, c in planned.added], 0), nl=False)
        click.echo(f"(dry run: nothing written; {len(planned.added)} {what} would be added, "
                   f"{len(changed)} changed)")
        return
    _write_checked(layout, writes)
    for sentence in said:
        click.echo(f"Changed {sentence}")
    places = sorted({layout.shown(p.parent) + "/" if p.parent.name == "people" and p.parent.parent ==
                     layout.data_dir else layout.shown(p) for p in writes})
    if planned.added:
        shown = ", ".join(f"{new_id} ({contact.name})" for new_id, contact in planned.added[:10])
        more = f" and {len(planned.added) - 10} more" if len(planned.added) > 10 else ""
        visibility = "each visibility: private" if all(
            "visibility" not in c.fields or c.fields["visibility"] is None for _, c in planned.added) \
            else "visibility: private unless the file says otherwise"
        click.echo(f"Added {len(planned.added)} {what} to {', '.join(places)}, {visibility}: {shown}{more}.")
    if changed:
        click.echo(f"Changed {len(changed)} {people_word(len(changed))} in {', '.join(places)}.")
    if as_ == "people" and planned.added:
        from mentornet.cli.exercise import STARTER_EXAMPLE

        if any((person.id, person.name) == STARTER_EXAMPLE for person in stages.portfolio.people):
            click.echo(f"{STARTER_EXAMPLE[1]}, the starter's example person, is still in your network: take them "
                       "out (and the starter's journal entry that names them) when you are ready.")


def _shown(value: Yaml) -> str:
    if value is None:
        return "(removed)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_shown(item)}" for key, item in value.items()) + "}"
    return yaml_value(value)


def _write_checked(layout, writes: dict[Path, str]) -> None:
    """Write the files, then load the portfolio as ``mentornet check`` does; on any problem put
    every file back as it was."""
    before = {path: path.read_bytes() if path.exists() else None for path in writes}
    try:
        for path, text in writes.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text(path, text)
        load(layout)
    except (PortfolioError, UserFileError) as error:
        for path, data in before.items():
            if data is None:
                path.unlink(missing_ok=True)
            elif path.read_bytes() != data:
                write_text(path, data.decode("utf-8"))
        why = error.report() if isinstance(error, PortfolioError) else str(error)
        raise click.ClickException("the import would not pass `mentornet check`, so nothing was kept:\n" + why
                                   if isinstance(error, PortfolioError) else why) from None
