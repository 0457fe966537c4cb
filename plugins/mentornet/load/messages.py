"""The loader's messages: what a validation error or a misplaced file means, said so a person
can act on it (the expected terms, the nearest one, how to write it)."""

from __future__ import annotations

import difflib
import json
import re
import typing
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from pydantic import BaseModel
from pydantic_core import ErrorDetails, PydanticCustomError

from mentornet.core import vocabulary as v
from mentornet.core.layout import page_suffix_problem as page_suffix_problem  # its home; the loader asks here
from mentornet.core.model import SLUG_PATTERN, EntryMeta, parse_exchange
from mentornet.core.problems import Text, did_you_mean, one_of

#: The vocabulary each field's terms come from, for messages that list the allowed terms.
FIELD_VOCABULARIES: dict[str, v.Vocabulary] = {
    "support": v.SUPPORT, "roles": v.ROLES, "purposes": v.PURPOSES, "purpose": v.PURPOSES,
    "knowing": v.KNOWING, "mentoring": v.MENTORING, "closeness": v.CLOSENESS,
    "seniority": v.SENIORITY, "influence": v.INFLUENCE, "visibility": v.VISIBILITY,
    "horizon": v.HORIZONS, "kind": v.JOURNAL_KINDS, "stage": v.STAGES, "status": v.ACTIVITY_STATUS,
}


#: Problems of one kind (an unknown person in ``knows``, …) shown per file; the rest are counted.
SAME_KIND_SHOWN = 20


def journal_suffix_problem(path: Path) -> str:
    return (f"rename this file to '{path.stem}.md': journal entries end in '.md' (MkDocs would publish a "
            f"'{path.suffix}' file unchecked, as it is or as a page every audience sees)")


def journal_name_problem(name: str) -> str:
    stem = name.removesuffix(".md")
    suggestion = re.sub(r"[\W_]+", "-", stem).strip("-") or "entry"
    return (f"rename this file: a journal entry's file name becomes its web address, so it may use "
            f"letters, digits, '-', '_' and '.' (no spaces, '%', '#', '?', or a leading '.' or '_'); "
            f"for example '{suggestion}.md'")


def field_path(location: Iterable[Union[str, int]]) -> str:
    text = ""
    for step in location:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def model_at(model: type[BaseModel], location: tuple) -> type[BaseModel] | None:
    """The model class that holds the value at ``location``, for naming its fields."""
    current: Optional[type] = model
    for step in location:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(step)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: object) -> Optional[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "someone"


_TYPE_NAMES = {str: "text", int: "a number", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping", type(None): "nothing"}


def kind_of(value: object) -> str:
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind or (kind in (list, dict) and isinstance(value, kind)):
            return name
    return type(value).__name__


def terms_of(name: str) -> tuple[str, tuple[str, ...]] | None:
    """What a field's terms are called and which they are, for fields with a vocabulary."""
    if name == "needs":
        return "need", v.need_ids()
    vocabulary = FIELD_VOCABULARIES.get(name)
    return (name, vocabulary.ids) if vocabulary else None


def not_a_list(name: str, where: str, value: object) -> str:
    """A list field given one value (``support: carreer``): say how to write the list, with the
    terms corrected where a term was meant; a misspelt term is never offered as the example."""
    terms = terms_of(name)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        example = f" (for example `{name}: [{terms[1][0]}]`)" if terms else ""
        return f"{where}: expected a list{example}, got {kind_of(value)}"
    if terms is None:
        return f"{where}: expected a list: write `{name}: [{yaml_text(str(value))}]`"
    label, allowed = terms
    words = [word.strip() for word in str(value).split(",") if word.strip()]
    fixed, wrong = [], []
    for word in words:
        if word in allowed:
            fixed.append(word)
            continue
        close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.6)
        wrong.append(f"'{word}' is not a {label} term" + (f" — did you mean '{close[0]}'?" if close else ""))
        fixed.append(close[0] if close else "")
    if not wrong:
        return f"{where}: write it as a list: `{name}: [{', '.join(fixed)}]`"
    if all(fixed):
        return f"{where}: {'; '.join(wrong)} Write it as a list: `{name}: [{', '.join(fixed)}]`"
    return (f"{where}: {'; '.join(wrong)}; expected a list of {one_of(allowed)}, "
            f"for example `{name}: [{allowed[0]}]`")


def exchange_problem(value: object, field: str) -> Text | None:
    """What is wrong with one item of ``received:`` or ``gave:``, in ``check``'s words, with
    ``field`` for where it was given (``mentornet log --received``); None when nothing is."""
    try:
        parse_exchange(value)
    except PydanticCustomError as error:
        return validation_message(EntryMeta, {"loc": (field,), "type": error.type, "input": value,
                                              "ctx": error.context or {}, "msg": error.message()}, ())
    return None


def validation_message(model: type[BaseModel], detail: ErrorDetails, prefix: tuple) -> Text:
    location = tuple(detail["loc"])
    kind = detail["type"]
    value = detail.get("input")
    names = [step for step in location if isinstance(step, str)]
    name = names[-1] if names else ""
    where = field_path(location)
    if kind == "missing":
        return f"missing required field '{name}'"
    if kind == "extra_forbidden":
        owner = model_at(model, location[:-1])
        allowed: Sequence[str] = list(owner.model_fields) if owner else []
        return f"unknown field '{name}'" + did_you_mean(
            name, allowed, f"; the fields are: {one_of(allowed)}" if allowed else "")
    if kind == "literal_error":
        if name in ("needs",):
            allowed = v.need_ids()
            label = "need"
        else:
            vocabulary = FIELD_VOCABULARIES.get(name)
            allowed = vocabulary.ids if vocabulary else tuple(
                re.findall(r"'([^']*)'", str(detail.get("ctx", {}).get("expected", ""))))
            label = name
        return (f"{where}: '{value}' is not a {label} term; expected one of {one_of(allowed)}"
                + did_you_mean(value, allowed))
    if kind == "string_pattern_mismatch":
        if name == "social_system" and isinstance(value, str):
            return ""  # one message for it: References._system's, with the nearest term and how to declare one
        if detail.get("ctx", {}).get("pattern") == SLUG_PATTERN:
            return (f"{where}: '{value}' is not a valid id: use lowercase letters, digits and '-', "
                    f"with no spaces or '/' (for example '{slugify(value)}')")
    if kind in ("bool_parsing", "bool_type"):
        if isinstance(value, str) and value.strip().lower() in ("yes", "no", "on", "off", "y", "n"):
            meant = "true" if value.strip().lower() in ("yes", "on", "y") else "false"
            return (f"{where}: '{value}' is text, not true or false (mentornet reads YAML 1.2, where only "
                    f"true and false are booleans): write `{name}: {meant}`")
        return f"{where}: expected true or false, got {value!r}"
    if kind in ("tuple_type", "list_type"):
        inner = model_at(model, location)
        if inner is not None and isinstance(value, str):
            first = next(iter(inner.model_fields))
            return f"{where}: expected a list of mappings, for example `{name}: [{{{first}: {yaml_text(value)}}}]`"
        return not_a_list(name, where, value)
    if kind == "string_type":
        return f"{where}: expected text, got {kind_of(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{where or 'this item'}: expected a mapping of fields (`key: value`), got {kind_of(value)}"
    if kind == "too_long" and isinstance(value, (list, tuple)):
        return f"{where}: at most {detail['ctx']['max_length']} items, got {len(value)}"
    if kind == "string_too_short":
        return f"{where}: must not be empty"
    if kind == "exchange_type":
        if isinstance(value, dict) and len(value) == 1:  # `- career: …` unquoted: YAML made it a mapping
            key, text = next(iter(value.items()))
            return (f"{where}: expected text, got a mapping: put the item in quotes, "
                    f"`- {json.dumps(f'{key}: {text}', ensure_ascii=False)}`")
        return f"{where}: expected text, got {kind_of(value)}"
    if kind == "unknown_exchange_kind":
        word = str(detail.get("ctx", {}).get("kind", ""))
        return (f"{where}: '{word}' is not a kind of support; expected one of {one_of(v.SUPPORT.ids)}, "
                "or text with no kind" + did_you_mean(word.casefold(), v.SUPPORT.ids))
    if kind in ("bad_date", "impossible_date", "bad_cadence", "bad_url"):
        return f"{where}: {detail['msg']}"
    return f"{where}: {detail['msg']}" if where else detail["msg"]


def nearest_term(text: str, vocabulary: v.Vocabulary) -> v.Term | None:
    """The term free text most likely means: the one whose label or description uses its
    words ('Royal Society of Chemistry' → the term for "societies, associations and networks
    of your field")."""

    def stems(words: str) -> set[str]:
        return {word[:5] for word in re.findall(r"[a-z]{4,}", words.lower())}

    wanted = stems(text)
    scored = [(len(wanted & stems(f"{term.label} {term.help}")), index, term)
              for index, term in enumerate(vocabulary.terms)]
    best = max(scored, key=lambda found: (found[0], -found[1]), default=None)
    return best[2] if best and best[0] else None


def yaml_text(text: str) -> str:
    """``text`` as a YAML value: quoted when it holds anything YAML would read otherwise."""
    return json.dumps(text, ensure_ascii=False) if re.search(r"[:#{}\[\],&*!|>'\"%@`]", text) else text


def unknown_system(system: str, systems: v.Vocabulary, declared_some: bool) -> str:
    """One message for a social system mentornet does not know: the nearest known one, and how
    to declare the value as one of your own (an id to write here, a label to show)."""
    slug = slugify(system)
    label = system if slug != system else system.replace("-", " ").capitalize()
    message = f"social_system: '{system}' is not a known social system"
    misspelt = did_you_mean(system, systems.ids)
    if misspelt:
        return (f"{message}{misspelt} (or declare a system of your own under `social_systems:` in "
                "profile.yaml, with an id and a label)")
    near = nearest_term(system, systems)
    if near is not None:
        help = near.help.rstrip('.')
        message += f" — did you mean '{near.id}' ({near.label}{': ' + help[:1].lower() + help[1:] if help else ''})?"
    else:
        message += f" (the known ones: {one_of(systems.ids)})."
    entry = f"{{id: {slug}, label: {yaml_text(label)}}}"
    declare = (f"add `- {entry}` under `social_systems:` in profile.yaml" if declared_some
               else f"add `social_systems: [{entry}]` to profile.yaml")
    return f"{message} To keep a system of your own, {declare} and write `social_system: {slug}` here"


#: The journal's folder when it is not one, and an index page that would replace the generated one.
JOURNAL_NOT_A_FOLDER = ("the journal is a folder of Markdown entries, and this is not a folder (a file, or "
                         "a link leading nowhere): move it away, and `mentornet log` makes the folder")
JOURNAL_INDEX = ("the journal's index page is made by mentornet from the entries, and this file would "
                  "replace it: move what it says into a page outside the journal (e.g. content/journal-notes.md) "
                  "or into an entry")
