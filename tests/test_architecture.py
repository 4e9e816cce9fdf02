"""The layering ARCHITECTURE.md promises, checked on the source: who may import whom, and heavy imports stay lazy."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"
HEAVY = ("torch", "transformers", "sentence_transformers", "ctranslate2", "onnxruntime", "ray", "pyarrow")
# module prefix -> prefixes it must never import (at any level: a lazy import is still a dependency)
FORBIDDEN = {
    "summarizer.render": ("summarizer.faithfulness", "summarizer.engines", "summarizer.daily", "summarizer.cli"),
    "summarizer.faithfulness": ("summarizer.engines", "summarizer.render", "summarizer.cli"),
    "summarizer.config": ("summarizer.daily", "summarizer.engines", "summarizer.render", "summarizer.cli"),
    "summarizer.summary_cache": ("summarizer.engines", "summarizer.cli"),
    "summarizer.readers": ("summarizer.engines", "summarizer.render", "summarizer.daily", "summarizer.cli"),
    "summarizer.text": ("summarizer.engines", "summarizer.render", "summarizer.daily", "summarizer.cli"),
    "summarizer.records": ("summarizer.",),
    "summarizer.engines": ("summarizer.cli", "summarizer.daily", "summarizer.render"),
    "summarizer.pipeline": ("summarizer.cli",),
    "summarizer.daily": ("summarizer.cli",),
    "summarizer.delivery": ("summarizer.engines", "summarizer.daily", "summarizer.cli"),
    "summarizer.grouping": ("summarizer.engines", "summarizer.daily", "summarizer.render", "summarizer.cli"),
    "summarizer.batch": ("summarizer.cli", "summarizer.render"),
}


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize(("module", "tree"), _modules(), ids=lambda v: v if isinstance(v, str) else "")
def test_layering(module: str, tree: ast.Module) -> None:
    for prefix, banned in FORBIDDEN.items():
        if module == prefix or module.startswith(prefix + "."):
            bad = [name for name in _imports(tree) if name.startswith(banned) and name != "summarizer"]
            assert not bad, f"{module} imports {bad}: ARCHITECTURE.md's layering forbids it"


@pytest.mark.parametrize(("module", "tree"), _modules(), ids=lambda v: v if isinstance(v, str) else "")
def test_heavy_libraries_are_imported_only_inside_functions(module: str, tree: ast.Module) -> None:
    statements = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    top_level = [name for node in statements for name in _imports(node)]
    heavy = [name for name in top_level if name.split(".")[0] in HEAVY]
    assert not heavy, f"{module} imports {heavy} at module level: `briefing --help` and cached re-runs would pay for it"
