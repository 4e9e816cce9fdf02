"""The defects issue 9 names, and the count of model look-ups in a cold run: tests written against the command line
and module seams that existed before the fix, so they show the old behaviour failing."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.config.defaults import DEFAULT_MODEL
from summarizer.config.engine import EngineConfig
from summarizer.records import Article

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (
    "Harbour plan approved\n\n"
    "The port authority of Lowmere approved a plan on Tuesday to dredge the old harbour for larger ferries. "
    "The work will cost 40 million and start in the spring, the authority said. "
    "Local fishermen fear the dredging will drive fish away from the bay during the breeding season. "
    "A public meeting about the dredging plan is set for next month at the town hall.\n"
)
RERUN = textwrap.dedent("""
    import json, sys
    from typer.testing import CliRunner
    from summarizer.cli import app
    result = CliRunner().invoke(app, sys.argv[1:])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    print(json.dumps({"torch": "torch" in sys.modules, "cache": data["engine"]["generation"]["cache"],
                      "info": data["engine"], "stderr": result.stderr}))
""")


def _summarize(args: list[str]) -> dict[str, Any]:
    from summarizer.cli import app

    result = CliRunner().invoke(app, ["summarize", *args])
    assert result.exit_code == 0, result.output
    return {"data": json.loads(result.stdout), "stderr": result.stderr}


@pytest.mark.parametrize("engine", ["extractive", "auto"])
def test_extractive_points_are_cached_without_the_seq2seq_model(
    engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Defect 1: the key came from the seq2seq model's files, so extractive points were never cached without them."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    article = tmp_path / "harbour.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    # auto may stand in only for the default model (a model the user names must load): here it is not on disk
    request.getfixturevalue("empty_hf_cache")
    model = [] if engine == "auto" else ["--model", "nobody/not-on-disk-xyz"]
    args = [str(article), "--engine", engine, *model, "-f", "json", "-q"]
    args += ["--cache-dir", str(tmp_path / "c")]
    first = _summarize(args)
    assert first["data"]["engine"]["generation"]["cache"] == {"hits": 0, "misses": 1}
    # The second run in a fresh process: answered from the cache, no model loaded, not even torch imported.
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    again = subprocess.run(
        [sys.executable, "-c", RERUN, "summarize", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert again.returncode == 0, again.stderr[-2000:]
    second = json.loads(again.stdout.strip().splitlines()[-1])
    assert second["cache"] == {"hits": 1, "misses": 0}
    assert second["torch"] is False
    expected = {k: v for k, v in first["data"]["engine"]["generation"].items() if k != "cache"}
    assert {k: v for k, v in second["info"]["generation"].items() if k != "cache"} == expected
    if engine == "auto":  # the fallback is said on every run, cached or not, and recorded in the info
        assert "notice" in first["stderr"] and "notice" in second["stderr"]
        assert second["info"]["generation"]["fallback_from"] == DEFAULT_MODEL


def _count(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, counts: collections.Counter[str]) -> None:
    original: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)


@pytest.mark.parametrize("backend", ["auto", "torch"])
def test_a_cold_build_finds_the_model_and_the_device_once(
    backend: str, tiny_bart: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: 4 model look-ups (each hashing the folder) and 2 device resolutions with --backend auto."""
    import summarizer.engines.backends.ctranslate2 as ct2_backend
    import summarizer.engines.hub as hub
    import summarizer.engines.placement as placement
    from summarizer.cli import app

    counts: collections.Counter[str] = collections.Counter()
    _count(monkeypatch, hub, "locate_model", counts)
    _count(monkeypatch, hub, "_local_revision", counts)
    _count(monkeypatch, placement, "resolve_device", counts)
    monkeypatch.setattr(ct2_backend, "locate_model", hub.locate_model)
    monkeypatch.setattr(ct2_backend, "ct2_cache_root", lambda: tmp_path / "ct2")  # cold: convert again
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    args = ["build", str(tmp_path / "a.txt"), "--model", str(tiny_bart), "--backend", backend, "--device", "cpu"]
    args += ["--cache-dir", str(tmp_path / "c"), "-q", "-f", "json", "-o", str(tmp_path / "out.json")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out.json").read_text())["engine"]["generation"]["cache"]["misses"] == 1
    assert counts == {"locate_model": 1, "_local_revision": 1, "resolve_device": 1}


def test_failed_conversion_under_auto_loads_the_model_once(
    tiny_bart: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defect 2: the torch fallback loaded the HF model a second time after the conversion had loaded it."""
    pytest.importorskip("ctranslate2", reason="ctranslate2 cannot be imported here")
    import transformers

    import summarizer.engines.backends.ctranslate2 as ct2_backend
    from summarizer.engines import create_engine

    class Broken:
        def convert(self, *args: Any, **kwargs: Any) -> None:
            raise RuntimeError("converter exploded")

    monkeypatch.setattr(ct2_backend, "_converter", lambda *args: Broken())
    monkeypatch.setattr(ct2_backend, "ct2_cache_root", lambda: tmp_path / "ct2")
    loads: list[str] = []
    original = transformers.AutoModelForSeq2SeqLM.from_pretrained

    def counted(name: str, *args: Any, **kwargs: Any) -> Any:
        loads.append(name)
        return original(name, *args, **kwargs)

    monkeypatch.setattr(transformers.AutoModelForSeq2SeqLM, "from_pretrained", staticmethod(counted))
    engine = create_engine(EngineConfig(model=str(tiny_bart), device="cpu", backend="auto"))
    generation = engine.info.generation
    assert generation["backend"] == "torch"
    assert "could not convert the model: converter exploded" in generation["backend_note"]
    assert len(loads) == 1
    [result] = engine.key_points([Article(input="a.txt", title="A", text=ARTICLE)])
    assert result.tokens.input > 0
