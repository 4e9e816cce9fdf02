"""Output files written atomically: a crash never leaves a half-written briefing; targets are checked up front."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from contextlib import suppress
from pathlib import Path

from summarizer.config import ConfigError


class OutputError(ConfigError, OSError):
    """An output target that cannot be written; the message names it and says why."""


def _target(path: Path) -> Path:
    """Where writing ``path`` lands: through symlinks, as a shell's ``>`` would."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _is_special(path: Path) -> bool:
    """A device, pipe or socket: written in place, never replaced by a regular file."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def check_output(path: Path) -> None:
    """Raise :class:`OutputError` now, before any work, when ``path`` cannot be written."""
    text = str(path)
    if "\x00" in text:
        raise OutputError(f"output {text!r}: the path contains a NUL byte")
    target = _target(path)
    if target.is_dir():
        raise OutputError(f"output {path}: it is a folder; give a file name")
    if _is_special(target):
        if not os.access(target, os.W_OK):
            raise OutputError(f"output {path}: not writable (permission denied)")
        return
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise OutputError(f"output {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"output {path}: cannot write in {folder} (permission denied)")


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` so that a crash never leaves a half-written file.

    A symlink is written through (its target is replaced); a device or pipe is written in place.
    """
    check_output(Path(path))
    target = _target(Path(path))
    try:
        if _is_special(target):
            with target.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target)
        _replace(target, content)
    except OSError as exc:
        raise OutputError(f"output {path}: cannot write it ({exc.strerror or exc})") from None


def _replace(path: Path, content: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete temporary files a killed run left next to ``path`` (their writer's pid is gone); return them."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(\d+)\.[^/]*\.tmp")
    removed: list[Path] = []
    with suppress(OSError):
        for leftover in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
            match = pattern.fullmatch(leftover.name)
            if match and not _alive(int(match.group(1))):
                with suppress(OSError):
                    leftover.unlink()
                    removed.append(leftover)
    return removed


def glob_escape(name: str) -> str:
    """``name`` with glob characters escaped."""
    import glob

    return glob.escape(name)
