"""``briefing batch`` on a local Ray cluster: same points as ``build``, every row exactly once (also after an actor
crash), error rows, a stable Parquet schema, ``--skip-existing``; and exit 2 with the install hint without Ray.

The cluster (3 CPUs, no dashboard, token auth off) is started once per session in its own process; every Ray run is a
subprocess with a hard timeout, so a hang fails its test instead of eating the CI budget."""

from __future__ import annotations

import importlib.util
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.config import ConfigError
from summarizer.config.commands import BuildConfig
from summarizer.config.engine import EngineConfig

needs_ray = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None, reason="ray is not installed (pip install -e '.[ray]')"
)
RUN_TIMEOUT_S = 300  # one batch run; generous for a loaded CI machine, short enough that a hang cannot eat CI
START_TIMEOUT_S = 120
ROOT = Path(__file__).resolve().parent.parent
CLUSTER_SCRIPT = """
import sys, ray
ctx = ray.init(num_cpus=3, include_dashboard=False, object_store_memory=256 * 1024**2, _temp_dir=sys.argv[1])
print(ctx.address_info["gcs_address"], flush=True)
sys.stdin.read()  # until the test session closes stdin
ray.shutdown()
"""
TOPICS = [
    ("Council approves budget", "council", "budget", "Monday"),
    ("Storm closes coastal roads", "storm", "roads", "Sunday"),
    ("Hospital opens new wing", "hospital", "wing", "Tuesday"),
    ("Rail strike ends after talks", "union", "strike", "Wednesday"),
    ("Library extends opening hours", "library", "hours", "Thursday"),
    ("Crash here", "engineers", "bridge", "Friday"),
]


def article_text(subject: str, thing: str, day: str) -> str:
    return " ".join(
        [
            f"The {subject} announced a decision about the {thing} on {day} after weeks of public debate.",
            f"Officials said the {thing} plan would cost about 12 million dollars over three years.",
            f"Residents who attended the meeting on {day} asked how the {thing} would affect local services.",
            f"Critics argued that the {subject} had moved too slowly and ignored earlier warnings.",
            f"A spokesperson for the {subject} said further details would be published next month.",
        ]
    )


def write_inputs(folder: Path) -> dict[str, Path]:
    """A JSONL file (five articles, one record without text, one broken line), a Parquet file and a notes folder."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    records = [{"title": t, "text": article_text(s, th, d), "source": "Desk"} for t, s, th, d in TOPICS[:5]]
    lines = [json.dumps(r) for r in records] + [json.dumps({"title": "No text here"}), "{not json"]
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    title, s, th, d = TOPICS[5]
    table = pa.table({"title": [title], "text": [article_text(s, th, d)], "url": ["https://example.org/bridge"]})
    pq.write_table(table, folder / "more.parquet")
    notes = folder / "notes"
    notes.mkdir(exist_ok=True)
    (notes / "museum.md").write_text(
        "---\ntitle: Museum reopens\n---\n" + article_text("museum", "gallery", "Saturday")
    )
    return {"jsonl": folder / "articles.jsonl", "parquet": folder / "more.parquet", "notes": notes}


def ray_env() -> dict[str, str]:
    # Local test cluster on loopback: no token file written to ~/.ray (Ray 2.60 turns token auth on by default).
    return {**os.environ, "RAY_AUTH_MODE": "disabled", "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[str]:
    """A local Ray cluster for the session: its GCS address (3 CPUs: two actors and a spare, see ray #44687)."""
    temp = tempfile.mkdtemp(prefix="rb", dir="/tmp")  # short: Ray's socket paths must fit in 107 bytes
    proc = subprocess.Popen(
        [sys.executable, "-c", CLUSTER_SCRIPT, temp], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env=ray_env(),
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(proc.stdout.readline() if proc.stdout else ""), daemon=True).start()
    try:
        address = lines.get(timeout=START_TIMEOUT_S).strip()
    except queue.Empty:
        address = ""
    try:
        if not address:
            pytest.fail(f"the local Ray cluster did not start within {START_TIMEOUT_S} s")
        yield address
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(temp, ignore_errors=True)


def batch_cli(address: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``briefing batch ... --ray-address ADDRESS`` in a subprocess with a hard timeout."""
    command = [sys.executable, "-m", "summarizer", "batch", *args, "--ray-address", address, "--quiet"]
    return subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=ray_env(), cwd=ROOT)


def read_rows(out: Path) -> list[dict]:
    from summarizer.batch.output import guess_format, output_dataset

    return output_dataset(str(out), guess_format(str(out))).to_table().to_pylist()


def build_articles(inputs: list[str], engine: EngineConfig) -> dict[str, dict]:
    """What ``briefing build --format json`` says of each article, by id."""
    from summarizer.pipeline import build

    result = build(BuildConfig(inputs=tuple(inputs), engine=engine, format="json"))
    return {a["id"]: a for a in json.loads(result.rendered)["articles"]}


EXTRACTIVE = EngineConfig(engine="extractive", cache=False, quiet=True)
COMPARED = ("points", "support", "unsupported_points", "notes", "title", "url", "source")


@pytest.fixture(scope="module")
def extractive_run(ray_cluster: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("batch")
    inputs = write_inputs(root / "in")
    names = [str(inputs["jsonl"]), str(root / "in" / "*.parquet"), str(inputs["notes"])]
    out = root / "out"
    done = batch_cli(ray_cluster, *names, "--out", str(out), "--engine", "extractive", "--actors", "2",
                     "--rows-per-batch", "2", "--rows-per-file", "1")  # fmt: skip
    build_inputs = [str(inputs["jsonl"]), str(inputs["notes"])]  # build does not read Parquet
    return {"done": done, "out": out, "rows": read_rows(out), "build": build_articles(build_inputs, EXTRACTIVE)}


@needs_ray
def test_batch_gives_the_same_points_as_build(extractive_run: dict) -> None:
    assert extractive_run["done"].returncode == 1, extractive_run["done"].stderr  # two bad records: exit 1
    rows = {r["id"]: r for r in extractive_run["rows"] if r["error"] is None}
    expected = extractive_run["build"]
    [parquet_id] = set(rows) - set(expected)
    assert len(rows) == 7 and len(expected) == 6 and rows[parquet_id]["title"] == "Crash here"
    assert rows[parquet_id]["points"] and rows[parquet_id]["url"] == "https://example.org/bridge"
    for article_id, article in expected.items():
        got = {k: rows[article_id][k] for k in COMPARED}
        assert got == {k: article.get(k) for k in COMPARED}, article["title"]
        assert rows[article_id]["engine"] == "extractive" and rows[article_id]["cache_key"]


@needs_ray
def test_every_input_row_is_written_once_and_bad_ones_carry_an_error(extractive_run: dict) -> None:
    rows = extractive_run["rows"]
    assert len(rows) == 9 and len({r["id"] for r in rows}) == 9
    errors = sorted(r["error"] for r in rows if r["error"])
    assert errors[0].startswith("not valid JSON") and errors[1].startswith("the record has no article text")
    assert "7 done, 2 failed" in extractive_run["done"].stderr


@needs_ray
def test_story_vectors_are_the_title_and_lead_embedding(extractive_run: dict) -> None:
    import numpy as np

    from summarizer.batch.actor import vector_text
    from summarizer.embeddings import embed
    from summarizer.readers import read_inputs

    row = next(r for r in extractive_run["rows"] if r["title"] == "Museum reopens")
    [article] = read_inputs([row["input"]]).articles
    assert vector_text(article) == f"{article.title}. {article.text[:600]}"  # what same-story grouping embeds
    expected = embed([vector_text(article)])[0]
    assert np.allclose(row["story_vector"], expected, atol=1e-4)
    assert all(r["story_vector"] is None for r in extractive_run["rows"] if r["error"])


@needs_ray
def test_build_from_the_batch_output_renders_what_build_renders(ray_cluster: str, tmp_path: Path) -> None:
    import dataclasses

    from summarizer.pipeline import build
    from summarizer.render import render

    inputs = write_inputs(tmp_path / "in")
    names = (str(inputs["jsonl"]), str(inputs["notes"]))  # what build reads too (not Parquet)
    done = batch_cli(ray_cluster, *names, "--out", str(tmp_path / "out"), "--engine", "extractive",
                     "--format", "jsonl", "--rows-per-batch", "2", "--rows-per-file", "2")  # fmt: skip
    assert done.returncode == 1, done.stderr[-3000:]
    expected = build(BuildConfig(inputs=names, engine=EXTRACTIVE, date="2026-11-30"))
    got = build(BuildConfig(inputs=(), from_batch=str(tmp_path / "out"), date="2026-11-30"))
    assert len(expected.briefing.items) == 6 and len(expected.briefing.errors) == 2
    same_time = dataclasses.replace(got.briefing, generated_at=expected.briefing.generated_at)
    for fmt in ("md", "json"):
        assert render(same_time, fmt) == render(expected.briefing, fmt), fmt
    assert got.exit_code == expected.exit_code == 1 and got.notes == ()


@needs_ray
def test_a_parquet_batch_output_renders_every_row(extractive_run: dict) -> None:
    from summarizer.pipeline import build

    result = build(BuildConfig(inputs=(), from_batch=str(extractive_run["out"]), format="json"))
    items = [i.article.title for i in result.briefing.items]
    assert sorted(items) == sorted(r["title"] for r in extractive_run["rows"] if r["error"] is None)
    assert sorted(e.error for e in result.briefing.errors) == sorted(
        r["error"] for r in extractive_run["rows"] if r["error"]
    )
    assert result.exit_code == 1 and result.notes == ()


@needs_ray
def test_parquet_schema_is_the_same_in_every_file(extractive_run: dict) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from summarizer.batch.schema import output_schema

    files = sorted(extractive_run["out"].glob("*.parquet"))
    assert len(files) >= 3
    for path in files:
        schema = pq.read_schema(path).remove_metadata()
        assert schema.equals(output_schema()), path.name
        assert not any(pa.types.is_null(t) for t in _leaf_types(schema)), path.name


def _leaf_types(schema) -> list:
    import pyarrow as pa

    found, todo = [], [f.type for f in schema]
    while todo:
        t = todo.pop()
        if pa.types.is_list(t) or pa.types.is_fixed_size_list(t):
            todo.append(t.value_type)
        elif pa.types.is_struct(t):
            todo += [t.field(i).type for i in range(t.num_fields)]
        else:
            found.append(t)
    return found


CRASH_SCRIPT = """
import os, sys
from pathlib import Path
from summarizer.batch import BatchConfig, run_batch
from summarizer.batch.actor import KeyPointActor
from summarizer.config.engine import EngineConfig

MARKER = Path(sys.argv[3])


class CrashOnce(KeyPointActor):
    def __call__(self, batch):
        if "Crash here" in batch.column("title").to_pylist() and not MARKER.exists():
            MARKER.write_text(str(os.getpid()))
            os._exit(1)  # the whole actor process dies mid-batch, first attempt only
        return super().__call__(batch)


engine = EngineConfig(engine="extractive", cache=False, quiet=True)
config = BatchConfig(inputs=(sys.argv[1],), out=sys.argv[2], engine=engine, ray_address=sys.argv[4], rows_per_batch=2)
result = run_batch(config, actor_cls=CrashOnce)
print("COUNTS", result.counts.done, result.counts.failed)
"""


@needs_ray
def test_an_actor_killed_mid_run_loses_and_repeats_no_row(ray_cluster: str, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{"title": t, "text": article_text(s, th, d)} for t, s, th, d in TOPICS]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    marker, out = tmp_path / "crashed", tmp_path / "out"
    command = [sys.executable, "-c", CRASH_SCRIPT, str(tmp_path / "in.parquet"), str(out), str(marker), ray_cluster]
    done = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=ray_env(), cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert marker.exists(), "the actor never crashed: the test proved nothing"
    assert "COUNTS 6 0" in done.stdout.splitlines()
    written = read_rows(out)
    assert sorted(r["title"] for r in written) == sorted(t for t, *_ in TOPICS)
    assert all(r["points"] for r in written)


@needs_ray
def test_skip_existing_summarizes_only_what_was_not_done(ray_cluster: str, extractive_run: dict, tmp_path) -> None:
    title = "Ferry service resumes"  # new; the earlier run had the other articles (and the Parquet one, same key)
    text = article_text("ferry operator", "timetable", "Saturday")
    (tmp_path / "new.jsonl").write_text(json.dumps({"title": title, "text": text}) + "\n")
    earlier = extractive_run["out"]
    inputs = (str(earlier.parent / "in" / "articles.jsonl"), str(tmp_path / "new.jsonl"))
    done = batch_cli(ray_cluster, *inputs, "--out", str(tmp_path / "out"), "--engine", "extractive",
                     "--format", "jsonl", "--skip-existing", str(earlier))  # fmt: skip
    assert done.returncode == 1, done.stderr[-3000:]  # the two bad records are tried again, and fail again
    assert "1 done, 2 failed, 5 skipped" in done.stderr
    rows = read_rows(tmp_path / "out")
    assert sorted(r["title"] or "" for r in rows) == ["", "", title]


@needs_ray
def test_batch_on_the_tiny_bart_model_gives_the_same_points_as_build(
    ray_cluster: str, tiny_bart: Path, tmp_path: Path
) -> None:
    inputs = write_inputs(tmp_path / "in")
    args = ("--engine", "seq2seq", "--model", str(tiny_bart), "--device", "cpu", "--max-points", "3")
    done = batch_cli(ray_cluster, str(inputs["notes"]), str(inputs["jsonl"]), "--out", str(tmp_path / "out"), *args)
    assert done.returncode == 1, done.stderr[-3000:]  # the JSONL file's two bad records
    engine = EngineConfig(model=str(tiny_bart), device="cpu", max_points=3, engine="seq2seq", cache=False, quiet=True)
    expected = build_articles([str(inputs["notes"]), str(inputs["jsonl"])], engine)
    rows = {r["id"]: r for r in read_rows(tmp_path / "out") if r["error"] is None}
    assert sorted(rows) == sorted(expected)
    for article_id, article in expected.items():
        assert {k: rows[article_id][k] for k in COMPARED} == {k: article.get(k) for k in COMPARED}


def test_without_ray_batch_exits_2_with_the_install_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    monkeypatch.setitem(sys.modules, "ray.data", None)
    (tmp_path / "a.jsonl").write_text('{"title": "A", "text": "Some text."}\n')
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "pip install -e '.[ray]'" in result.stderr


def test_actors_and_options_are_validated() -> None:
    from summarizer.batch import BatchConfig, parse_actors

    assert parse_actors("3") == (3, 3) and parse_actors("1,4") == (1, 4)
    for bad in ("0", "4,2", "x", "1,2,3"):
        with pytest.raises(ConfigError):
            parse_actors(bad)
    with pytest.raises(ConfigError, match="stdin"):
        BatchConfig(inputs=("-",), out="out")
    with pytest.raises(ConfigError, match="--format"):
        BatchConfig(inputs=("a.jsonl",), out="out", format="csv")


def test_inputs_are_routed_to_the_cluster_or_the_driver(tmp_path: Path) -> None:
    from summarizer.batch.inputs import plan_inputs

    for name in ("a.jsonl", "b.parquet", "c.md"):
        (tmp_path / name).write_text("x")
    plan = plan_inputs([str(tmp_path / "*.jsonl"), str(tmp_path / "*.parquet"), str(tmp_path), "s3://b/x.rss",
                        str(tmp_path / "*.none")])  # fmt: skip
    assert plan.jsonl == (str(tmp_path / "a.jsonl"),) and plan.parquet == (str(tmp_path / "b.parquet"),)
    assert plan.driver == (str(tmp_path),)
    assert [e.input for e in plan.errors] == ["s3://b/x.rss", str(tmp_path / "*.none")]


def test_a_used_output_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.parquet").write_text("x")
    result = CliRunner().invoke(app, ["batch", "a.jsonl", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "not an empty folder" in result.stderr


def test_batch_help_imports_neither_ray_nor_pyarrow() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom summarizer.cli import app\n"
        "CliRunner().invoke(app, ['batch', '--help'])\n"
        "print(sorted(m for m in ('ray', 'pyarrow', 'torch') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.stdout.strip() == "[]", done.stderr


@needs_ray
def test_a_model_no_actor_can_load_stops_the_run_with_exit_2(ray_cluster: str, tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"title": "A", "text": article_text("council", "budget", "Monday")}))
    args = ("--out", str(tmp_path / "out"), "--engine", "seq2seq", "--model", str(tmp_path / "no-model"))
    done = batch_cli(ray_cluster, str(tmp_path / "a.jsonl"), *args)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].startswith("briefing: error: the run stopped")
    assert "ModelLoadError: cannot load model" in done.stderr.splitlines()[-1]
