"""Render a briefing as Markdown, HTML, text (Jinja templates) or JSON."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.config import ConfigError
from summarizer.records import Briefing
from summarizer.render.escaping import escape_markdown, finalize_plain
from summarizer.render.views import briefing_view

if TYPE_CHECKING:
    import jinja2

PACKAGE_DIR = Path(__file__).resolve().parent.parent
_HTML_SUFFIXES = (".html", ".htm", ".html.j2", ".htm.j2", ".xhtml", ".xml")
_TEXT_SUFFIXES = (".txt", ".txt.j2", ".text")


def templates_dir() -> Path:
    """The bundled templates: inside the package in a wheel, the top-level ``templates/`` in a checkout."""
    for candidate in (PACKAGE_DIR / "templates", PACKAGE_DIR.parent / "templates"):
        if (candidate / "briefing.md.j2").is_file():
            return candidate
    raise FileNotFoundError(f"briefing templates not found near {PACKAGE_DIR}; the installation is incomplete")


def _escaping_for(name: str) -> str:
    lower = name.lower()
    if lower.endswith(_HTML_SUFFIXES):
        return "html"
    if lower.endswith(_TEXT_SUFFIXES):
        return "text"
    return "markdown"


@lru_cache(maxsize=8)
def _environment(folder: str, escaping: str) -> jinja2.Environment:
    """A sandboxed Jinja environment: a template named in a shared briefing.toml must not reach Python internals
    (``{{ cycler.__init__.__globals__.os.popen(...) }}``)."""
    import jinja2.sandbox  # Jinja is imported for templates only: JSON output never pays for it

    kwargs: dict[str, Any] = {
        "loader": jinja2.FileSystemLoader(folder),
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "autoescape": escaping == "html",
    }
    if escaping == "markdown":
        kwargs["finalize"] = escape_markdown
    elif escaping == "text":
        kwargs["finalize"] = finalize_plain
    return jinja2.sandbox.SandboxedEnvironment(**kwargs)


def render_json(briefing: Briefing) -> str:
    """The briefing as pretty-printed JSON."""
    return json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n"


_BUILTIN_TEMPLATES = {
    "md": "briefing.md.j2",
    "html": "briefing.html.j2",
    "text": "briefing.txt.j2",
    "email": "briefing.email.html.j2",
}


def render(briefing: Briefing, fmt: str, template: Path | None = None, show_sources: bool = False) -> str:
    """Render ``briefing`` as ``md``, ``html``, ``text``, ``email``, ``eml`` or ``json``; a user ``template`` replaces
    the built-in one (for ``eml``, its HTML part)."""
    if fmt == "json":
        return render_json(briefing)
    if fmt == "eml":
        from summarizer.render.mime import email_message

        html = render(briefing, "email", template=template, show_sources=show_sources)
        return email_message(briefing, render(briefing, "text", show_sources=show_sources), html).as_string()
    if template is not None:
        folder, name = str(template.resolve().parent), template.name
    else:
        if fmt not in _BUILTIN_TEMPLATES:
            raise ValueError(f"unknown format {fmt!r}")
        folder, name = str(templates_dir()), _BUILTIN_TEMPLATES[fmt]
    import jinja2

    env = _environment(folder, _escaping_for(name))
    if template is None:
        return env.get_template(name).render(briefing_view(briefing, show_sources))
    try:
        return env.get_template(name).render(briefing_view(briefing, show_sources))
    except jinja2.TemplateError as exc:
        raise ConfigError(f"template {template}: {_template_problem(exc)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"template {template}: cannot be read ({exc})") from None


def _template_problem(exc: jinja2.TemplateError) -> str:
    """One line saying what is wrong with a user template."""
    import jinja2.sandbox

    if isinstance(exc, jinja2.sandbox.SecurityError):
        return f"blocked an unsafe operation ({exc}); templates run sandboxed"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"it includes {exc.name!r}, which is not next to the template"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"syntax error on line {exc.lineno}: {exc.message}"
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


def render_page(name: str, view: dict[str, Any]) -> str:
    """Render a bundled template other than a briefing (such as the index of past briefings) from ``view``."""
    return _environment(str(templates_dir()), _escaping_for(name)).get_template(name).render(view)


def check_template(template: Path, fmt: str, show_sources: bool = False) -> None:
    """Render a user template against a small sample briefing before any work, so a mistake costs seconds, not a run.

    Raises :class:`ConfigError` with one line: the file, the line, what is wrong, and the names a template can use.
    """
    import jinja2

    from summarizer.render.sample import sample_briefing

    try:
        render(sample_briefing(), fmt, template=template, show_sources=show_sources)
    except ConfigError as exc:
        cause = exc.__context__
        line = None if isinstance(cause, jinja2.TemplateSyntaxError) else _template_line(cause, template)
        at = f" (line {line})" if line else ""  # a syntax error already names its line
        raise ConfigError(f"{exc}{at}; {template_names()}") from None


def _template_line(exc: BaseException | None, template: Path) -> int | None:
    """The line of the user template where rendering failed (Jinja puts template frames into the traceback)."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__) if exc is not None else []
    lines = [f.lineno for f in frames if f.filename and Path(f.filename).name == template.name]
    return lines[-1] if lines else None


def template_names() -> str:
    """The names a briefing template can use, in one line (README: "Your own template")."""
    from summarizer.render.sample import sample_briefing

    view = briefing_view(sample_briefing())
    item = ", ".join(sorted(view["items"][0]))
    return f"a template can use: {', '.join(sorted(view))}; each of items (and sections[].articles): {item}"
