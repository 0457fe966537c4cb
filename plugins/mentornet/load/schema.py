"""JSON Schemas of the data files, so editors complete and check fields as you type.

Each starter YAML file begins with ``# yaml-language-server: $schema=../schema/NAME.schema.json``,
which the YAML language server (VS Code, Neovim, JetBrains, …) understands. ``entry.schema.json``
describes a journal entry's front matter (editors that check front matter can be pointed at it).
"""

from __future__ import annotations

import json

from pydantic import TypeAdapter

from mentornet.core.model import Audit, EntryMeta, Person, Plan, Profile, Reflection, Sharing
from mentornet.core.vocabulary import PROMPTS
from mentornet.core.yamldata import Json

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def schemas() -> dict[str, dict[str, Json]]:
    """File name → JSON Schema, one per data file."""
    reflection = TypeAdapter(Reflection).json_schema()
    answer = {"anyOf": [{"type": "string"}, reflection]}
    documents = {
        "profile": TypeAdapter(Profile).json_schema(),
        "people": TypeAdapter(list[Person]).json_schema(),
        "person": _one_file_person(),
        "audit": TypeAdapter(list[Audit]).json_schema(),
        "plan": TypeAdapter(Plan).json_schema(),
        "sharing": TypeAdapter(Sharing).json_schema(),
        "entry": TypeAdapter(EntryMeta).json_schema(),
        "reflections": {
            "type": "object",
            "additionalProperties": False,
            "properties": {prompt.id: {**answer, "description": prompt.text} for prompt in PROMPTS},
        },
    }
    return {f"{name}.schema.json": {"$schema": SCHEMA_URL, "title": f"mentornet {name}", **schema}
            for name, schema in documents.items()}


def _one_file_person() -> dict[str, Json]:
    """A person in a file of their own (``data/people/<id>.yaml``): the file's name is the id,
    so ``id`` may be left out (and, when written, must be the file's name)."""
    schema = TypeAdapter(Person).json_schema()
    schema["required"] = [name for name in schema.get("required", ()) if name != "id"]
    schema["description"] = ("One person in data/people/<id>.yaml: the file's name is the id, so `id` "
                             "may be left out.")
    return schema


def texts() -> dict[str, str]:
    """Each schema file's name and its text, as ``mentornet schema`` and ``new`` write them."""
    return {name: json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            for name, schema in schemas().items()}
