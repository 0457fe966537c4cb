"""The audience is a typed view: nothing outside ``mentornet/audience`` compares an audience (or a
visibility) with a word. A comparison written anywhere else is a rule written twice, and the
one that drifts is the one that leaks."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "plugins" / "mentornet"
TEMPLATES = PACKAGE / "site" / "templates"
WORDS = {"owner", "mentor", "public", "private"}
ALLOWED = {PACKAGE / "audience"}


def _comparisons_with_words(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for operand in operands:
                values = operand.elts if isinstance(operand, (ast.Tuple, ast.List, ast.Set)) else [operand]
                if any(isinstance(v, ast.Constant) and v.value in WORDS for v in values):
                    lines.append(node.lineno)
    return lines


def test_no_python_module_outside_the_audience_package_compares_an_audience_with_a_word():
    found = []
    for module in sorted(PACKAGE.rglob("*.py")):
        if any(module.is_relative_to(allowed) for allowed in ALLOWED):
            continue
        for line in _comparisons_with_words(ast.parse(module.read_text(encoding="utf-8"))):
            found.append(f"{module.relative_to(PACKAGE)}:{line}")
    assert found == [], "ask the Audience (audience.owner, audience.sees(...)) instead: " + ", ".join(found)


def test_the_rule_finds_a_comparison_written_the_old_way():
    assert _comparisons_with_words(ast.parse('if audience == "owner":\n    pass\n')) == [1]
    assert _comparisons_with_words(ast.parse('x = a in ("owner", "mentor")\n')) == [1]
    assert _comparisons_with_words(ast.parse('x = audience.owner\n')) == []


TEMPLATE_COMPARISON = re.compile(r"""(audience|mentornet_audience)\s*(==|!=|\bin\b|\bnot in\b)"""
                                 r"""|["'](owner|mentor|public)["']\s*(==|!=|\bin\b)""")


def test_no_template_compares_the_audience_with_a_word():
    found = []
    for template in sorted([*TEMPLATES.rglob("*"), *(PACKAGE / "site" / "overrides").rglob("*")]):
        if template.is_file():
            for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
                if TEMPLATE_COMPARISON.search(line):
                    found.append(f"{template.name}:{number}")
    assert found == []
