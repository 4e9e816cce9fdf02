"""The templates (and the scorer's weights) ship inside the wheel and are found from an installed wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_templates_and_renders_from_them(tmp_path: Path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("briefing_summarizer-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for template in (ROOT / "templates").iterdir():
        assert f"summarizer/templates/{template.name}" in names
    assert "summarizer/engines/scorer_weights.json" in names  # the extractive engine's trained scorer
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import summarizer.render as r; from pathlib import Path; "
        "from summarizer.engines.scoring import load_scorer; assert load_scorer().identity; "
        f"assert Path(r.__file__).is_relative_to({str(target)!r}), r.__file__; "
        f"assert r.templates_dir() == Path({str(target)!r}) / 'summarizer' / 'templates', r.templates_dir(); "
        "print('ok')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_the_lowest_supported_python_is_the_one_mypy_and_ruff_check():
    """`requires-python` once said 3.10 while mypy checked 3.11, hiding a `tomllib` import that 3.10 lacks."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lowest = project["project"]["requires-python"].removeprefix(">=")
    assert project["tool"]["mypy"]["python_version"] == lowest
    assert project["tool"]["ruff"]["target-version"] == "py" + lowest.replace(".", "")


def test_the_wheel_marks_the_package_as_typed():
    assert (ROOT / "summarizer" / "py.typed").is_file()


def test_the_readme_library_example_imports_what_exists():
    """The "As a library" snippet names real modules and functions (it broke silently when modules moved)."""
    import ast
    import importlib
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"### As a library\s+```python\n(.*?)```", readme, re.S)
    assert snippet is not None
    imports = [node for node in ast.parse(snippet.group(1)).body if isinstance(node, ast.ImportFrom)]
    assert imports
    for node in imports:
        module = importlib.import_module(node.module or "")
        for alias in node.names:
            assert hasattr(module, alias.name), f"{node.module} has no {alias.name}"
