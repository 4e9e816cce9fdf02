"""Class 11 (and the template case of class 9): user templates run sandboxed; a broken one is one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.conftest import assert_clean, run_cli

ESCAPES = [
    '{{ cycler.__init__.__globals__.os.popen("echo pwned-by-template").read() }}',
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ joiner.__init__.__globals__ }}",
]


def _article(work: Path) -> str:
    (work / "a.txt").write_text("Budget passed\n\nThe council approved the budget on Monday after a long debate.\n")
    return str(work / "a.txt")


@pytest.mark.parametrize("payload", ESCAPES)
def test_template_cannot_reach_python_internals(work: Path, payload: str) -> None:
    template = work / "evil.md.j2"
    template.write_text(f"# {{{{ title }}}}\n{payload}\n")
    run = run_cli(["build", _article(work), "--engine", "extractive", "--template", str(template), "--quiet"])
    assert_clean(run)
    assert "pwned-by-template" not in run.stdout and "subprocess" not in run.stdout
    assert run.code == 2
    assert run.stderr.strip().startswith(f"briefing: error: template {template}: blocked an unsafe operation")
    assert len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("{% include 'missing.j2' %}", "it includes 'missing.j2', which is not next to the template"),
        ("{% for x in %}", "syntax error on line 1"),
        ("{{ no_such_field }}", "UndefinedError: 'no_such_field' is undefined"),
    ],
)
def test_broken_template_is_one_line_and_exit_2(work: Path, body: str, problem: str) -> None:
    template = work / "broken.md.j2"
    template.write_text(body)
    run = run_cli(["build", _article(work), "--engine", "extractive", "--template", str(template), "--quiet"])
    assert_clean(run)
    assert run.code == 2
    assert run.stderr.strip().startswith(f"briefing: error: template {template}: {problem}")


def test_an_ordinary_user_template_still_renders(work: Path) -> None:
    template = work / "mine.md.j2"
    template.write_text("{{ title }}: {% for item in items %}{{ item.title }}{% endfor %}\n")
    run = run_cli(["build", _article(work), "--engine", "extractive", "--template", str(template), "--quiet"])
    assert run.code == 0 and run.stdout.strip() == "Briefing: Budget passed"


@pytest.mark.parametrize(
    ("body", "problem", "line"),
    [
        ("# {{ title }}\n\n{{ titel }}\n", "'titel' is undefined", 3),
        ("{% for item in items %}\n- {{ item.headline }}\n{% endfor %}\n", "has no attribute 'headline'", 2),
        ("{% for x in %}", "syntax error on line 1", None),
    ],
)
def test_a_template_mistake_is_found_before_any_input_is_read(work: Path, body: str, problem: str, line: int | None):
    """#15 item 2: a typo in --template used to crash after every article was summarized (exit 1, nothing written)."""
    template = work / "mine.md.j2"
    template.write_text(body)
    missing_model = str(work / "no-model-here")  # were any article read and summarized, this would fail otherwise
    run = run_cli(["build", str(work / "not-read-yet"), "--model", missing_model, "--template", str(template), "-q"])
    assert_clean(run)
    assert run.code == 2, run.stderr
    message = run.stderr.strip()
    assert len(message.splitlines()) == 1 and message.startswith(f"briefing: error: template {template}: ")
    assert problem in message and "a template can use: " in message and "title" in message and "points" in message
    assert (f"(line {line})" in message) if line else "(line" not in message
    assert "no-model-here" not in message and "not-read-yet" not in message
