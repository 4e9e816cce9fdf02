"""Summary cache: hits and misses, what the key covers, no model on a cached re-run, concurrency, damaged files."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import __version__
from summarizer.config.engine import EngineConfig, GenerationOverrides
from summarizer.engines import plan_engine
from summarizer.engines.caching import CachingEngine, engine_key, even_groups
from summarizer.engines.protocol import ModelLoadError
from summarizer.records import Article
from summarizer.summary_cache import PACKAGE_ROOT, POINT_SHAPING_CODE, SummaryCache, code_identity
from tests.fakes import CountingEncoder, FirstSentenceEngine

ROOT = Path(__file__).resolve().parents[1]


def _articles(n: int, start: int = 0) -> list[Article]:
    return [
        Article(input=f"a{i}.txt", title=f"Story {i}", text=f"Story number {i} happened today. It was big news. Done.")
        for i in range(start, start + n)
    ]


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "bart", "d_model": 8}))
    return folder


def _engine(config: EngineConfig, cache: SummaryCache, created: list[FirstSentenceEngine]) -> CachingEngine:
    def factory() -> FirstSentenceEngine:
        created.append(FirstSentenceEngine())
        return created[-1]

    return CachingEngine(plan_engine(config), factory, cache, group_size=2)


def test_second_run_is_all_hits_and_creates_no_engine(model_dir: Path, tmp_path: Path) -> None:
    config = EngineConfig(model=str(model_dir))
    created: list[FirstSentenceEngine] = []
    first = _engine(config, SummaryCache(tmp_path / "c"), created)
    results = first.key_points(_articles(5))
    assert len(created) == 1 and sum(len(call) for call in created[0].calls) == 5
    assert [len(call) for call in created[0].calls] == [2, 2, 1]  # groups, so results are cached as they come
    assert first.info.generation["cache"] == {"hits": 0, "misses": 5}

    def no_model() -> FirstSentenceEngine:
        raise AssertionError("a cached re-run must not create the engine")

    again = CachingEngine(plan_engine(config), no_model, SummaryCache(tmp_path / "c"))
    assert again.key_points(_articles(5)) == results
    assert again.info.name == "fake" and again.info.generation["max_points"] == 3
    assert again.info.generation["cache"] == {"hits": 5, "misses": 0}


def test_only_new_articles_reach_the_engine(model_dir: Path, tmp_path: Path) -> None:
    config = EngineConfig(model=str(model_dir))
    _engine(config, SummaryCache(tmp_path / "c"), []).key_points(_articles(3))
    created: list[FirstSentenceEngine] = []
    results = _engine(config, SummaryCache(tmp_path / "c"), created).key_points(_articles(4))
    assert created[0].calls == [["Story 3"]]
    assert [r.points[0] for r in results] == [f"Story number {i} happened today." for i in range(4)]


@pytest.mark.parametrize(
    ("change", "hit"),
    [
        ({"batch_size": 2}, True),
        ({"threads": 1, "parallel_batches": 1}, True),
        ({"quiet": True}, True),
        ({"max_points": 2}, False),
        ({"generation": GenerationOverrides(num_beams=3)}, False),
        ({"backend": "torch"}, False),
        ({"compute_type": "float32"}, False),
    ],
)
def test_key_covers_settings_that_change_output(model_dir: Path, change: dict, hit: bool) -> None:  # type: ignore[type-arg]
    base = EngineConfig(model=str(model_dir))
    assert (engine_key(base) == engine_key(EngineConfig(model=str(model_dir), **change))) is hit


def test_key_changes_with_model_files_and_is_none_before_download(model_dir: Path) -> None:
    config = EngineConfig(model=str(model_dir))
    before = engine_key(config)
    (model_dir / "generation_config.json").write_text(json.dumps({"num_beams": 4}))
    assert engine_key(config) != before
    assert engine_key(EngineConfig(model="nobody/not-in-any-cache-xyz", engine="seq2seq")) is None


def test_keys_change_with_the_code_that_shapes_points_not_only_with_the_version(tmp_path: Path) -> None:
    # An editable install after `git pull` keeps the version number: a changed cleanup rule must still miss.
    identity = code_identity.__wrapped__  # uncached: the files change within the test
    package = tmp_path / "pkg"
    (package / "text").mkdir(parents=True)
    (package / "engines").mkdir()
    (package / "text" / "cleanup.py").write_text("RULES = 1\n")
    (package / "engines" / "scorer_weights.json").write_text("{}")
    (package / "records.py").write_text("")
    parts = ("text", "engines", "records.py")
    seen = [identity(package, parts)]
    assert identity(package, parts) == seen[0]
    (package / "text" / "cleanup.py").write_text("RULES = 2\n")
    seen.append(identity(package, parts))
    (package / "engines" / "scorer_weights.json").write_text('{"w": 1}')
    seen.append(identity(package, parts))
    (package / "engines" / "notes.txt").write_text("not code")
    assert identity(package, parts) == seen[-1]
    assert len(set(seen)) == 3


def test_the_real_package_keys_cover_its_text_rules_engines_and_check() -> None:
    assert {"text", "engines", "faithfulness.py"} <= set(POINT_SHAPING_CODE)
    assert all((PACKAGE_ROOT / part).exists() for part in POINT_SHAPING_CODE)
    assert code_identity().startswith(__version__ + "+")


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_damaged_cache_file_does_not_break_a_run(model_dir: Path, tmp_path: Path, damage: str) -> None:
    config = EngineConfig(model=str(model_dir))
    folder = tmp_path / "c"
    first = SummaryCache(folder)
    _engine(config, first, []).key_points(_articles(20))
    first.close()  # as if the process had ended (crashed) mid-write
    path = folder / "summaries.sqlite3"
    data = path.read_bytes()
    Path(f"{path}-wal").unlink(missing_ok=True)
    Path(f"{path}-shm").unlink(missing_ok=True)
    path.write_bytes({"truncate": data[: len(data) // 2], "garbage": b"\x13not sqlite\x00" * 300, "empty": b""}[damage])

    created: list[FirstSentenceEngine] = []
    engine = _engine(config, SummaryCache(folder), created)
    results = engine.key_points(_articles(3))
    assert len(results) == 3 and all(r.points for r in results)
    notes = engine.info.generation["cache"].get("notes", [])
    if damage != "empty":  # an empty file is a valid new database
        assert any("damaged" in note for note in notes)
        assert list(folder.glob("summaries.sqlite3.damaged-*"))
    # The replacement cache works: the next run is all hits.
    rerun = CachingEngine(plan_engine(config), lambda: pytest.fail("engine created"), SummaryCache(folder))
    assert rerun.key_points(_articles(3)) == results


def test_unusable_cache_folder_runs_without_cache(model_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    created: list[FirstSentenceEngine] = []
    engine = _engine(EngineConfig(model=str(model_dir)), SummaryCache(blocker / "sub"), created)
    assert len(engine.key_points(_articles(2))) == 2
    assert "running without cache" in engine.info.generation["cache"]["notes"][0]


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from summarizer.summary_cache import PACKAGE_ROOT, POINT_SHAPING_CODE, SummaryCache, code_identity
    from summarizer.records import ArticlePoints, TokenCounts
    cache = SummaryCache(Path(sys.argv[1]))
    tag = sys.argv[2]
    for i in range(150):
        cache.put_points([(f"{tag}-{i}", ArticlePoints(points=(f"{tag} point {i}.",), tokens=TokenCounts(5, 5)))])
    assert cache.enabled and not cache.notes, cache.notes
    print("ok")
""")


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    SummaryCache(folder).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), tag],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("one", "two")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    cache = SummaryCache(folder)
    keys = [f"{tag}-{i}" for tag in ("one", "two") for i in range(150)]
    assert len(cache.get_points(keys)) == 300


def _build(args: list[str]) -> tuple[int, str]:
    from summarizer.cli import app

    result = CliRunner().invoke(app, ["build", *args])
    return result.exit_code, result.output


def test_cli_cached_rerun_loads_no_model(tiny_bart: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(3):
        (docs / f"{i}.txt").write_text(f"Title {i}\n\nThe central bank raised rates {i} times. Critics argued.\n")
    args = [str(docs), "--model", str(tiny_bart), "--cache-dir", str(tmp_path / "c"), "-f", "json", "--quiet"]
    code, first = _build([*args, "-o", str(tmp_path / "1.json")])
    assert code == 0, first

    import summarizer.pipeline as briefing

    def no_model(config: EngineConfig) -> None:
        raise ModelLoadError("model loaded on a cached re-run")

    monkeypatch.setattr(briefing, "create_engine", no_model)
    code, out = _build([*args, "-o", str(tmp_path / "2.json")])
    assert code == 0, out
    one, two = (json.loads((tmp_path / f"{n}.json").read_text()) for n in (1, 2))
    assert one["articles"] == two["articles"]
    assert two["engine"]["generation"]["cache"] == {"hits": 3, "misses": 0}
    assert two["engine"]["generation"]["backend"] == one["engine"]["generation"]["backend"]

    code, out = _build([*args, "--no-cache", "-o", str(tmp_path / "3.json")])
    assert code == 2 and "model loaded on a cached re-run" in out  # --no-cache goes to the model


def test_cached_rerun_process_imports_no_torch(tiny_bart: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nThe central bank raised interest rates again. Critics argued it came too late.\n")
    script = textwrap.dedent(f"""
        import sys
        from typer.testing import CliRunner
        from summarizer.cli import app
        args = ["build", {str(article)!r}, "--model", {str(tiny_bart)!r}, "--cache-dir", {str(tmp_path / "c")!r}]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        print("torch" in sys.modules, "transformers" in sys.modules)
    """)
    code, out = _build([str(article), "--model", str(tiny_bart), "--cache-dir", str(tmp_path / "c")])
    assert code == 0, out
    again = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.stdout.split()[-2:] == ["False", "False"], again.stderr[-2000:]


@pytest.mark.parametrize(
    ("count", "most", "sizes"),
    [(50, 32, [25, 25]), (5, 2, [2, 2, 1]), (33, 32, [17, 16]), (3, 8, [3]), (0, 8, [])],
)
def test_misses_go_in_even_groups_without_a_small_tail(count: int, most: int, sizes: list[int]) -> None:
    groups = even_groups(list(range(count)), most)
    assert [len(g) for g in groups] == sizes
    assert [i for g in groups for i in g] == list(range(count))


# What a re-run answered from the summary cache never needs: the engine with its scorer and numpy, the faithfulness
# check, the parsers of document kinds it was not given, and (for JSON) Jinja: their imports were most of its own time.
NOT_ON_A_CACHE_HIT = (
    "numpy",
    "torch",
    "jinja2",
    "summarizer.engines.extractive",
    "summarizer.engines.scoring",
    "summarizer.engines.hub",
    "summarizer.faithfulness",
    "summarizer.readers.html",
    "summarizer.readers.feeds",
    "summarizer.readers.jsonfile",
    "summarizer.readers.pdf",
    "summarizer.readers.docx",
    "summarizer.readers.fetch",
)


def test_a_cached_extractive_summarize_imports_neither_engine_nor_check_nor_other_readers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import summarizer.embeddings as embeddings
    from summarizer.cli import app

    monkeypatch.setattr(embeddings, "_model", lambda precision="float32": CountingEncoder())  # no model load
    monkeypatch.setattr(embeddings, "_MEMO", {})
    article = tmp_path / "a.txt"
    article.write_text(
        "Budget passes\n\nThe council approved a budget of 2.5 billion on Monday after a long debate. "
        "Three schools will get new roofs before the winter, the mayor said at the meeting. "
        "Critics called the plan too small and promised to fight it in court next month.\n"
    )
    args = ["summarize", str(article), "--engine", "extractive", "--cache-dir", str(tmp_path / "c"), "-f", "json"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    script = textwrap.dedent(f"""
        import json, sys
        from typer.testing import CliRunner
        from summarizer.cli import app
        result = CliRunner().invoke(app, {args!r})
        assert result.exit_code == 0, result.output
        imported = [m for m in {NOT_ON_A_CACHE_HIT!r} if m in sys.modules]
        print(json.dumps({{"output": result.stdout, "imported": imported}}))
    """)
    again = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    rerun = json.loads(again.stdout)
    assert rerun["imported"] == []
    before, after = json.loads(first.stdout), json.loads(rerun["output"])
    assert after["articles"] == before["articles"]
    assert after["engine"]["generation"]["cache"] == {"hits": 1, "misses": 0}
