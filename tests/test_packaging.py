"""The templates ship inside the wheel and are found from an installed wheel, not only from a checkout."""

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
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import summarizer.render as r; from pathlib import Path; "
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
