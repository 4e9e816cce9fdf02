"""``build``/``daily --from-batch``: a ``briefing batch`` output rendered without an engine or an embedding model.

The batch outputs here are written without Ray: the actor's own row code (``KeyPointActor.rows``) with a fake engine,
then the files Ray writes (Parquet via pyarrow, JSONL via pandas as Ray's JSON datasink does). The end-to-end test
through Ray is in ``tests/test_batch.py``."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from summarizer.batch.actor import KeyPointActor
from summarizer.batch.rows import file_rows, read_rows
from summarizer.batch.schema import output_schema, table
from summarizer.cli import app
from summarizer.config.commands import BuildConfig
from summarizer.config.daily import load_settings
from summarizer.config.engine import EngineConfig
from summarizer.config.grouping import GroupingSettings
from summarizer.daily.run import run_daily
from summarizer.daily.stories import group_stories
from summarizer.exit_codes import EXIT_NOTHING_NEW, EXIT_PARTIAL, EXIT_USAGE
from summarizer.pipeline import build
from summarizer.readers import read_inputs
from summarizer.records import Article, Briefing
from summarizer.render import render
from tests.fakes import FakeEngine

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-29"
WEATHER = [  # one storm told with different words: only the story vectors make it one story
    ("Gale batters the northern coast", "A fierce gale battered the northern coast on Saturday, tearing roofs from "
     "houses in Portmoor. Emergency crews worked through the night to clear fallen trees. The coastguard said two "
     "fishing boats were towed to safety.", "06:00"),
    ("Ferries halted as winds lash harbour", "All ferry crossings from Eastport harbour were cancelled after winds "
     "reached 110 km/h. Passengers waited in terminals while operators promised refunds. Forecasters expect calmer "
     "weather by Monday along the coast.", "07:00"),
]  # fmt: skip
CITY = [
    ("Council approves budget", "The city council approved the annual budget on Saturday after a long debate. The "
     "budget raises spending on schools and roads. Critics said the council ignored rising rents.", "08:00"),
    ("Budget vote passes after debate", "After hours of debate the council budget vote passed on Saturday. Schools "
     "and roads get more money under the budget. Opposition members warned about rents.", "09:00"),
    ("Museum opens new gallery", "The city museum opened a new gallery of modern sculpture on Saturday. Curators "
     "spent two years preparing the collection. Entry is free for children.", "10:00"),
]  # fmt: skip
TOPICS = {0: ("gale", "winds", "ferry", "storm"), 1: ("budget",)}
CONFIG = """
title = "Batch day"

[[sections]]
title = "Weather"
sources = ["weather.jsonl"]

[[sections]]
title = "City"
sources = ["city.jsonl"]

[grouping]
embedding_weight = 0.6

[output]
dir = "out"

[output.paths]
md = "{date}.md"
json = "{date}.json"
"""


def fake_embed(texts: Sequence[str], precision: str = "float32") -> Any:
    """A stand-in for MiniLM (any precision): one axis per topic word found, else an axis of the text's own."""
    vectors = np.zeros((len(texts), 384), dtype=np.float32)
    for i, text in enumerate(texts):
        low = text.lower()
        axis = next((k for k, words in TOPICS.items() if any(w in low for w in words)), 2 + sum(map(ord, text)) % 380)
        vectors[i, axis] = 1.0
    return vectors


class FakeActor(KeyPointActor):
    """The batch actor's row code around a fake engine (no model load, no warm-up)."""

    def __init__(self, engine: Any):
        self.engine = engine
        self.drop_unsupported = False
        self.name = (engine.info.name, engine.info.model)


def write_jsonl(path: Path, articles: Sequence[tuple[str, str, str]], day: str | None = DAY) -> Path:
    lines = [  # each record has an id of its own, which comes back as record_id
        json.dumps(
            {"id": f"{path.stem}-{k}", "title": t, "text": text, **({"published": f"{day}T{hour}:00Z"} if day else {})}
        )
        for k, (t, text, hour) in enumerate(articles)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def batch_rows(jsonl: Sequence[Path], driver: Sequence[str] = (), engine: Any = None) -> list[dict[str, Any]]:
    """The output rows ``briefing batch`` writes for these inputs (JSONL read whole per file, the rest on the
    driver), without Ray."""
    rows = [row for path in jsonl for row in file_rows(path.read_bytes(), str(path), "key")]
    if driver:
        read = read_inputs(list(driver))
        rows += read_rows([*read.articles, *read.errors], "key")
    return FakeActor(engine or FakeEngine()).rows(rows)


# The README's test command installs no `ray` extra: the tests that write batch files skip there, saying why.
NEEDS_RAY_EXTRA = "pyarrow and pandas write the batch files here (pip install -e '.[ray]')"


def write_output(folder: Path, rows: list[dict[str, Any]], fmt: str, files: int = 2) -> Path:
    """Rows as Ray writes them, in several files, in an order unlike the inputs' (the reader must not depend on it)."""
    pytest.importorskip("pandas", reason=NEEDS_RAY_EXTRA)
    pq = pytest.importorskip("pyarrow.parquet", reason=NEEDS_RAY_EXTRA)

    folder.mkdir(parents=True, exist_ok=True)
    shuffled = rows[::-1]
    for n in range(files):
        part = table(shuffled[n::files], output_schema())
        if fmt == "parquet":
            pq.write_table(part, folder / f"part-{n}.parquet")
        else:  # ray.data's JSON datasink: pandas, records, one per line
            part.to_pandas().to_json(folder / f"part-{n}.json", orient="records", lines=True)
    return folder


def same_time(briefing: Briefing, other: Briefing) -> Briefing:
    return dataclasses.replace(briefing, generated_at=other.generated_at)


@pytest.fixture(autouse=True)
def _fake_story_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    # Story vectors (actor) and same-story grouping (daily) both embed through summarizer.embeddings.embed.
    monkeypatch.setattr("summarizer.embeddings.embed", fake_embed)


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """A JSONL file (five articles, a record without text, a broken line) and a folder read on the driver."""
    jsonl = write_jsonl(tmp_path / "a.jsonl", [*WEATHER, *CITY])
    jsonl.write_text(jsonl.read_text() + '{"title": "No text here"}\n{not json\n', encoding="utf-8")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "eclipse.md").write_text("# Eclipse seen across the region\n\nCrowds gathered on hills to watch it.\n")
    return {"jsonl": jsonl, "notes": notes}


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_build_from_batch_renders_what_build_renders(inputs: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    engine = FakeEngine(fail_on="Curators")  # one article fails to summarize: an error row, as build lists it
    rows = batch_rows([inputs["jsonl"]], [str(inputs["notes"])], engine)
    out = write_output(tmp_path / "out", rows, fmt)
    names = (str(inputs["jsonl"]), str(inputs["notes"]))
    expected = build(BuildConfig(inputs=names, engine=EngineConfig(cache=False), date=DAY), engine=engine)
    got = build(BuildConfig(inputs=(), from_batch=str(out), date=DAY))
    assert len(expected.briefing.items) == 5 and len(expected.briefing.errors) == 3
    for form in ("md", "html", "text", "json", "email"):
        assert render(same_time(got.briefing, expected.briefing), form) == render(expected.briefing, form), form
    assert got.exit_code == expected.exit_code == EXIT_PARTIAL
    assert got.notes == ()
    ids = sorted(filter(None, (i.article.record_id for i in got.briefing.items)))
    assert ids == ["a-0", "a-1", "a-2", "a-3"]  # a-4 failed (Curators); the folder's note has no record id


def test_rows_of_schema_version_2_are_read_without_record_ids(inputs: dict[str, Path], tmp_path: Path) -> None:
    rows = [
        {k: v for k, v in r.items() if k != "record_id"} | {"schema_version": 2} for r in batch_rows([inputs["jsonl"]])
    ]
    out = write_output(tmp_path / "v2", rows, "jsonl", files=1)
    got = build(BuildConfig(inputs=(), from_batch=str(out), date=DAY))
    assert len(got.briefing.items) == 5 and got.exit_code == EXIT_PARTIAL
    assert {i.article.record_id for i in got.briefing.items} == {None}


def test_error_rows_are_listed_by_name_and_the_cli_exits_1(inputs: dict[str, Path], tmp_path: Path) -> None:
    out = write_output(tmp_path / "out", batch_rows([inputs["jsonl"]]), "jsonl")
    result = CliRunner().invoke(app, ["build", "--from-batch", str(out), "-f", "md", "-o", str(tmp_path / "b.md")])
    assert result.exit_code == EXIT_PARTIAL
    assert f"{inputs['jsonl']} (line 6): the record has no article text" in result.stderr
    assert f"{inputs['jsonl']} (line 7): not valid JSON" in result.stderr
    briefing = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "2 inputs not included" in briefing and "(line 7): not valid JSON" in briefing


def test_a_corrupt_file_is_named_and_the_other_rows_are_rendered(inputs: dict[str, Path], tmp_path: Path) -> None:
    out = write_output(tmp_path / "out", batch_rows([inputs["jsonl"]]), "parquet")
    (out / "part-9.parquet").write_bytes(b"PAR1 not really parquet")
    (out / "README.txt").write_text("notes about this run")
    result = build(BuildConfig(inputs=(), from_batch=str(out)))
    assert len(result.briefing.items) == 5
    corrupt = [e for e in result.briefing.errors if e.input == str(out / "part-9.parquet")]
    assert corrupt and "cannot read this Parquet file" in corrupt[0].error and "rows are not in" in corrupt[0].error
    assert result.notes == (f"1 file(s) that are not batch output (Parquet/JSONL) skipped: {out / 'README.txt'}",)


def test_a_jsonl_row_nested_too_deeply_is_an_error_row_not_a_crash(inputs: dict[str, Path], tmp_path: Path) -> None:
    out = write_output(tmp_path / "out", batch_rows([inputs["jsonl"]]), "jsonl", files=1)
    part = out / "part-0.json"
    part.write_text(part.read_text(encoding="utf-8") + "[" * 100_000 + "\n", encoding="utf-8")
    result = build(BuildConfig(inputs=(), from_batch=str(out)))
    assert len(result.briefing.items) == 5
    deep = [e for e in result.briefing.errors if e.input.startswith(f"{part} (line ")]
    assert len(deep) == 1 and "the JSON cannot be read" in deep[0].error


def test_rows_of_another_schema_version_are_refused(inputs: dict[str, Path], tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow", reason=NEEDS_RAY_EXTRA)
    pq = pytest.importorskip("pyarrow.parquet", reason=NEEDS_RAY_EXTRA)

    rows = batch_rows([inputs["jsonl"]])
    old = write_output(tmp_path / "old", [{**r, "schema_version": 1} for r in rows], "jsonl", files=1)
    result = CliRunner().invoke(app, ["build", "--from-batch", str(old)])
    assert result.exit_code == EXIT_USAGE
    assert f"{old / 'part-0.json'}: written by briefing batch schema version 1" in result.stderr
    assert "run briefing batch again" in result.stderr
    unversioned = tmp_path / "unversioned"
    unversioned.mkdir()
    pq.write_table(pa.table({"id": ["x"], "title": ["A"], "points": [["p"]]}), unversioned / "a.parquet")
    result = CliRunner().invoke(app, ["build", "--from-batch", str(unversioned)])
    assert result.exit_code == EXIT_USAGE and "before versions were recorded" in result.stderr


def test_from_batch_with_inputs_or_engine_options_is_a_usage_error(tmp_path: Path) -> None:
    cases = [
        (["build", "a.md", "--from-batch", str(tmp_path)], "give INPUT arguments (or --inputs-from) or --from-batch"),
        (["build", "--from-batch", str(tmp_path), "--model", "m", "--drop-unsupported"], "--model, --drop-unsupported"),
        (["build", "--from-batch", str(tmp_path), "--include", "*.md"], "--include: not with --from-batch"),
        (["build", "--from-batch", str(tmp_path / "none")], "no such folder or file"),
        (["build", "--from-batch", str(tmp_path)], "no batch output there"),
        (["daily", "--from-batch", str(tmp_path), "--engine", "extractive"], "--engine: not with --from-batch"),
    ]
    for args, message in cases:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == EXIT_USAGE, args
        assert message in result.stderr, args


def test_without_pyarrow_parquet_needs_the_install_hint_and_jsonl_still_renders(
    inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = batch_rows([inputs["jsonl"]])
    parquet = write_output(tmp_path / "parquet", rows, "parquet")
    jsonl = write_output(tmp_path / "jsonl", rows, "jsonl")
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.setitem(sys.modules, name, None)  # import pyarrow... now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = CliRunner().invoke(app, ["build", "--from-batch", str(parquet)])
    assert result.exit_code == EXIT_USAGE
    assert "pip install -e '.[ray]'" in result.stderr and "Parquet" in result.stderr
    result = CliRunner().invoke(app, ["build", "--from-batch", str(jsonl), "-f", "md"])
    assert result.exit_code == EXIT_PARTIAL and "## Council approves budget" in result.stdout


RENDER_IN_FRESH_PROCESS = """
import sys
from typer.testing import CliRunner
from summarizer.cli import app
out, config = sys.argv[1], sys.argv[2]
built = CliRunner().invoke(app, ["build", "--from-batch", out, "-f", "html"])
heavy = sorted(m for m in ("torch", "sentence_transformers", "ctranslate2", "transformers") if m in sys.modules)
daily = CliRunner().invoke(app, ["daily", "--from-batch", out, "--config", config, "--date", "2026-11-29"])
loaded = ("summarizer.engines.seq2seq", "summarizer.engines.extractive", "summarizer.engines.backends")
engines = sorted(m for m in sys.modules if m.startswith(loaded) or m == "sentence_transformers")
print(built.exit_code, daily.exit_code, "stories" in built.stdout, heavy, engines)
"""


def test_rendering_from_a_batch_output_loads_no_engine_and_no_embedding_model(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    """build --from-batch loads nothing heavy; daily may embed a merged story's points (the sentence-embedding
    runtime, to tell repeated facts apart) but never loads an engine."""
    out = write_output(tmp_path / "out", batch_rows([inputs["jsonl"]]), "parquet")
    (tmp_path / "briefing.toml").write_text(CONFIG.replace('dir = "out"', 'dir = "briefings"'), encoding="utf-8")
    code = [sys.executable, "-c", RENDER_IN_FRESH_PROCESS, str(out), str(tmp_path / "briefing.toml")]
    done = subprocess.run(code, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.stdout.split("\n")[-2] == "1 1 True [] []", done.stdout + done.stderr
    assert (tmp_path / "briefings" / f"{DAY}.md").is_file()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """briefing.toml (two sections, embedding_weight 0.6), the day's two JSONL sources, and a batch output of them."""
    write_jsonl(tmp_path / "weather.jsonl", WEATHER)
    write_jsonl(tmp_path / "city.jsonl", CITY)
    (tmp_path / "briefing.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def daily(workspace: Path, out_dir: str, **flags: Any) -> Any:
    settings = load_settings(workspace / "briefing.toml", {"date": DAY, **flags}, out_dir=workspace / out_dir)
    return run_daily(settings, engine=FakeEngine())


def test_daily_from_batch_groups_with_the_stored_vectors_as_daily_groups_with_the_model(workspace: Path) -> None:
    sources = [workspace / "weather.jsonl", workspace / "city.jsonl"]
    write_output(workspace / "batch", batch_rows(sources), "parquet")
    read = daily(workspace, "read")  # reads the sources, summarizes, groups with the (stand-in) model
    stored = daily(workspace, "stored", from_batch=str(workspace / "batch"))
    assert stored.exit_code == read.exit_code == 0 and stored.left_out == ()
    for name in (f"{DAY}.md", f"{DAY}.json"):
        assert (workspace / "stored" / name).read_bytes() == (workspace / "read" / name).read_bytes(), name
    articles = read_inputs([str(s) for s in sources]).articles
    with_vectors = group_stories(articles, GroupingSettings(embedding_weight=0.6), fake_embed)
    words_only = group_stories(articles, GroupingSettings(embedding_weight=0.0))
    grouped = sorted(sorted(a.title for a in s.articles) for s in with_vectors)
    assert grouped == sorted(sorted(s.title for s in item.sources) for item in stored.briefing.items)
    assert len(words_only) == 5 and len(with_vectors) == 3  # the stored vectors decided the stories
    assert [item.section for item in stored.briefing.items] == ["Weather", "City", "City"]


def test_daily_from_batch_renders_one_day_says_what_it_left_out_and_keeps_state(workspace: Path) -> None:
    extra = workspace / "extra.jsonl"
    records = [
        {"title": "Snow in the hills", "text": "Snow fell overnight on the hills.", "published": "2026-11-28T05:00Z"},
        {"title": "Library extends hours", "text": "The library now opens on Sundays.", "published": f"{DAY}T11:00Z"},
        {"title": "Undated", "text": "A note without a date."},
        {"title": "No text"},
    ]
    extra.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    sources = [workspace / "weather.jsonl", workspace / "city.jsonl", extra]
    batch = write_output(workspace / "batch", batch_rows(sources), "jsonl")
    first = daily(workspace, "out", from_batch=str(batch))
    assert first.exit_code == EXIT_PARTIAL  # the record without text is listed, as daily lists a bad input
    assert [e.input for e in first.errors] == [f"{extra} (line 4)"]
    assert first.left_out == (
        "1 row(s) published on other days left out (2026-11-28: 1); give --date to render another day",
        "1 row(s) without a readable publication date left out: daily --from-batch places rows by their date "
        "(briefing build --from-batch renders every row)",
    )
    assert first.briefing is not None and sum(len(i.sources) for i in first.briefing.items) == 6
    sections = {i.article.title: i.section for i in first.briefing.items}
    assert sections["Library extends hours"] == "Other news"  # from no configured source: as a top-level one
    again = daily(workspace, "out", from_batch=str(batch))
    assert again.exit_code == EXIT_NOTHING_NEW and again.already_seen == 6  # as daily: the state remembers the day
    earlier = daily(workspace, "out", from_batch=str(batch), date="2026-11-28")
    assert earlier.briefing is not None and [i.article.title for i in earlier.briefing.items] == ["Snow in the hills"]
    state = json.loads((workspace / "out" / ".briefing-state.json").read_text(encoding="utf-8"))
    assert sorted(state["briefings"]) == ["2026-11-28", DAY]
    assert not (workspace / "out" / ".briefing-days").exists()  # the batch output keeps the day's rows itself


def test_daily_from_batch_with_nothing_new_exits_3(workspace: Path) -> None:
    batch = write_output(workspace / "batch", batch_rows([workspace / "city.jsonl"]), "parquet")
    result = daily(workspace, "out", from_batch=str(batch), date="2026-12-01")
    assert result.exit_code == EXIT_NOTHING_NEW and result.briefing is None
    assert result.left_out[0].startswith("3 row(s) published on other days left out (2026-11-29: 3)")


def test_stored_vectors_are_matched_to_their_article_not_to_the_exact_lead_length() -> None:
    from summarizer.batch.day import StoredVectors
    from summarizer.batch.stored import BatchOutputError

    a = Article("in", "Title. With a dot", "First sentence. Second one.", id="a")
    b = Article("in", "Other", "Text of b.", id="b")
    vectors = {"a": np.full(384, 0.5, dtype=np.float32)}
    embedder = StoredVectors([a, b], vectors)
    found = embedder(["Title. With a dot. First sentence.", "Other. Text of b.", "Title. With a dot. First"])
    assert found[0][0] == found[2][0] == 0.5 and not found[1].any()  # b has no stored vector: zeros
    with pytest.raises(BatchOutputError, match="no row holds"):
        embedder(["Unknown. Text"])


def test_daily_from_batch_with_since_is_a_usage_error(workspace: Path) -> None:
    args = ["daily", "--config", str(workspace / "briefing.toml"), "--from-batch", str(workspace), "--since", "24h"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == EXIT_USAGE and "--since does not apply to --from-batch" in result.stderr
