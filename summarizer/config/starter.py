"""``briefing init``: a commented starter ``briefing.toml`` (``starter.toml`` here) and its empty sources folder."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from summarizer.config import ConfigError

SOURCES_DIR = "sources"  # the folder the starter's `sources` names, made next to the file


@dataclass(frozen=True)
class Written:
    """What :func:`write_starter` wrote: the settings file and the (possibly already there) sources folder."""

    path: Path
    sources: Path


def starter_text() -> str:
    """The starter ``briefing.toml``, as shipped in the package."""
    return files("summarizer.config").joinpath("starter.toml").read_text(encoding="utf-8")


def write_starter(path: Path, force: bool = False) -> Written:
    """Write the starter settings to ``path`` and make the empty ``sources/`` folder beside it.

    An existing ``path`` is a :class:`ConfigError` unless ``force``; a folder there always is.
    """
    if path.is_dir():
        raise ConfigError(f"{path} is a folder: name the settings file to write, e.g. {path / 'briefing.toml'}")
    if path.exists() and not force:
        raise ConfigError(f"{path} already exists: use --force to overwrite it")
    sources = path.parent / SOURCES_DIR
    if sources.exists() and not sources.is_dir():
        raise ConfigError(f"{sources} exists and is not a folder: the starter reads its articles from there")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sources.mkdir(exist_ok=True)
        path.write_text(starter_text(), encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
    return Written(path, sources)
