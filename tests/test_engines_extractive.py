"""The extractive engine: boilerplate cleaning, its picks, and --engine auto (the scorer: test_engines_scoring.py)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.config.defaults import DEFAULT_MODEL
from summarizer.config.engine import EngineConfig
from summarizer.engines import create_engine
from summarizer.engines.extractive import STORY_CANDIDATES, ExtractiveEngine, content_sentences
from summarizer.engines.protocol import ModelLoadError
from summarizer.records import Article
from summarizer.text.cleanup import (
    clean_article,
    is_boilerplate,
    is_caption,
    numbered_items,
    unwrap_lines,
    word_count,
)

HARBOUR = (
    "By . Tom Reed . PUBLISHED: . 09:12 EST, 3 March 2025 . | . UPDATED: . 11:40 EST, 3 March 2025 . "
    "The port authority of Lowmere approved a plan on Tuesday to dredge the old harbour for larger ferries. "
    "The work will cost 40 million and start in the spring, the authority said. "
    "Harbour master Ana Ruiz (pictured) said the ferries would bring more visitors to the town . "
    "Scroll down for video . "
    "Local fishermen fear the dredging will drive fish away from the bay during the breeding season. "
    "The port authority of Lowmere approved a plan on Tuesday to dredge the old harbour for bigger ferries. "
    "A public meeting about the dredging plan is set for next month at the town hall. "
    "Click here to read the full plan. "
    "Sorry we are not currently accepting comments on this article."
)


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        (
            "By . Jane Doe . PUBLISHED: . 14:11 EST, 25 October 2013 . | . UPDATED: . 15:36 EST, 25 October 2013 . "
            "The story starts here.",
            "The story starts here.",
        ),
        ("By . Daily Mail Reporter . Last updated at 1:25 AM on 3rd August 2011 . A story.", "A story."),
        ("Lima, Peru (CNN) -- The rescue went on all night.", "The rescue went on all night."),
        ("Share this withEmailFacebookTwitterCopy this linkThe vote was close.", "The vote was close."),
        ("Media playback is not supported on this deviceThe team won.", "The team won."),
        ("He wore a casual . navy blue shirt.", "He wore a casual navy blue shirt."),
        ("A line that\nwraps here.\n\nA new paragraph.", "A line that wraps here.\n\nA new paragraph."),
    ],
)
def test_clean_article_removes_news_boilerplate(raw, cleaned):
    assert clean_article(raw) == cleaned


def test_unwrap_lines_keeps_paragraphs_and_finished_lines():
    assert unwrap_lines("one\ntwo.\nThree\n\nfour") == "one two.\nThree\n\nfour"


@pytest.mark.parametrize(
    ("sentence", "boilerplate", "caption"),
    [
        ("Click here to read the full report.", True, False),
        ("Sorry we are not currently accepting comments on this article.", True, False),
        ("Follow us on Twitter for more.", True, False),
        ("Smith (left) arrives at court with his lawyer.", False, True),
        ("Pictured: the damaged bridge after the storm.", True, True),
        ("Retread: David Moss with his wife yesterday.", False, True),
        ("The council approved the budget on Monday night.", False, False),
    ],
)
def test_boilerplate_and_captions(sentence, boilerplate, caption):
    assert is_boilerplate(sentence) is boilerplate
    assert is_caption(sentence) is caption


def test_engine_picks_whole_article_sentences_without_boilerplate_or_repeats():
    engine = ExtractiveEngine(max_points=3)
    [result] = engine.key_points([Article(input="harbour.txt", title="Harbour", text=HARBOUR)])
    assert 2 <= len(result.points) <= 3  # a sentence far below the best one's score is not made a point
    cleaned = clean_article(HARBOUR)
    assert all(point in cleaned for point in result.points)
    assert result.points[0].startswith("The port authority of Lowmere approved")
    joined = " ".join(result.points)
    for unwanted in ("PUBLISHED", "Click here", "Scroll down", "(pictured)", "Sorry we are"):
        assert unwanted not in joined
    assert sum(p.startswith("The port authority of Lowmere") for p in result.points) == 1  # MMR: no repeat
    assert engine.info.name == "extractive" and "MiniLM" in engine.info.model


def test_engine_keeps_its_best_sentences_as_a_story_s_candidates():
    [result] = ExtractiveEngine(max_points=2).key_points([Article(input="harbour.txt", title="Harbour", text=HARBOUR)])
    scores = [c.score for c in result.candidates]
    assert scores[0] == 1.0 and scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    texts = [c.text for c in result.candidates]
    assert len(texts) > len(result.points) and set(result.points) <= set(texts)
    assert len(texts) <= STORY_CANDIDATES and all(t in content_sentences(HARBOUR).texts for t in texts)


def test_a_long_article_embeds_only_its_lead_and_the_screen_s_shortlist(monkeypatch):
    import summarizer.engines.extractive as extractive
    from summarizer.engines.scoring import load_scorer

    embedded: list[str] = []

    def spy(texts, precision="float32"):
        embedded.extend(texts)
        rows = np.random.default_rng(len(embedded)).normal(size=(len(texts), 384))
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    monkeypatch.setattr(extractive, "embed_sentences", spy)
    extra = " ".join(
        f"Crews in district {i} cleared {i + 2} drains and checked the river wall on Friday." for i in range(30)
    )
    text = f"{HARBOUR}\n\n{extra}"
    [result] = ExtractiveEngine(max_points=3).key_points([Article(input="harbour.txt", title="Harbour", text=text)])
    sentences = content_sentences(text)
    shortlist = load_scorer().shortlist(sentences.texts, sentences.eligible)
    assert embedded == [sentences.texts[i] for i in shortlist.indices]
    assert len(embedded) < len(sentences.texts)
    assert result.points and set(result.points) <= set(embedded)
    assert {c.text for c in result.candidates} <= set(embedded)


def test_engine_handles_an_article_without_usable_sentences():
    [result] = ExtractiveEngine(max_points=3).key_points([Article(input="x", title="x", text="Too short.")])
    assert result.points == () and result.candidates == ()
    assert any("no sentence" in note for note in result.notes)


def test_headings_and_fragments_are_never_points():
    text = "Big news today\n\nThe mayor opened the new bridge over the river on Friday morning.\n\nMore soon"
    sentences = content_sentences(text)
    eligible = [t for t, ok in zip(sentences.texts, sentences.eligible, strict=True) if ok]
    assert eligible == ["The mayor opened the new bridge over the river on Friday morning."]


CHINESE = (
    "香港行政长官梁振英在各方压力下就其大宅的违章建筑问题到立法会接受质询，并向香港民众道歉。"
    "梁振英此前承认早在去年参选行政长官之前就已知悉其住宅的违建问题，引发诚信危机。\n\n“郑重道歉”\n\n"
    "不过泛民主派议员们普遍指责梁振英撒谎，要求他马上辞职下台。民主党此前计划在星期三对梁振英提出不信任动议。"
)


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("The mayor opened the bridge.", 5),
        ("梁振英强调承诺将在两周内解决其住宅的违建问题。", 11),  # 21 characters: about two a word
        ("iPhone 15 在中国发售。", 5),
        ("地元当局者と民兵指導者が17日、AFPに明らかにした。", 12),
    ],
)
def test_words_are_counted_in_languages_written_without_spaces(sentence, words):
    assert word_count(sentence) == words


def test_chinese_sentences_can_be_points_and_a_heading_cannot():
    sentences = content_sentences(CHINESE)
    eligible = [t for t, ok in zip(sentences.texts, sentences.eligible, strict=True) if ok]
    assert len(eligible) == 4 and eligible[0].startswith("香港行政长官") and eligible[-1].endswith("动议。")
    assert "“郑重道歉”" in sentences.texts and "“郑重道歉”" not in eligible


def test_captions_above_the_lead_are_not_the_article_opening():
    text = (
        "Fighter ace: Douglas Bader in 1940 The story of how Douglas Bader became a fighter ace is told in a film.\n\n"
        "Shooting starts in May near the airfield where he flew, the producers said on Monday."
    )
    sentences = content_sentences(text)
    assert sentences.texts[0] == "The story of how Douglas Bader became a fighter ace is told in a film."
    assert sentences.eligible == [True, True]


def test_create_engine_extractive_loads_no_seq2seq_model():
    engine = create_engine(EngineConfig(engine="extractive", model="nobody/no-such-model"))
    assert isinstance(engine, ExtractiveEngine)
    assert "fallback" not in engine.info.generation


def test_auto_falls_back_to_extractive_offline_with_a_notice(empty_hf_cache, capsys):
    engine = create_engine(EngineConfig(engine="auto", device="cpu"))  # the default model, not on disk
    assert isinstance(engine, ExtractiveEngine)
    assert DEFAULT_MODEL in engine.info.generation["fallback"]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "notice" in err[0] and "extractive" in err[0]


@pytest.mark.parametrize("model", ["nobody/no-such-model", "./models/typo"])
def test_a_model_the_user_named_is_never_stood_in_for(model, empty_hf_cache, capsys):
    """A user who asked for a model must know they did not get it: no fallback, a usage error naming it."""
    with pytest.raises(ModelLoadError, match="no fallback for a model you named|no such folder") as error:
        create_engine(EngineConfig(engine="auto", model=model, device="cpu"))
    assert model in str(error.value)
    assert "notice" not in capsys.readouterr().err


def test_the_cli_exits_2_when_a_named_model_cannot_load(tmp_path, empty_hf_cache):
    (tmp_path / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    result = CliRunner().invoke(app, ["summarize", str(tmp_path / "harbour.txt"), "--model", "nobody/no-such-model"])
    assert result.exit_code == 2, result.output
    assert "nobody/no-such-model" in result.stderr and "--engine extractive" in result.stderr
    missing = CliRunner().invoke(app, ["summarize", str(tmp_path / "harbour.txt"), "--model", "./models/x"])
    assert missing.exit_code == 2 and "no such folder" in missing.stderr and "no config.json" not in missing.stderr


@pytest.mark.parametrize("engine_kind", ["seq2seq", "auto"])
def test_a_missing_local_folder_is_an_error_not_a_fallback(engine_kind, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelLoadError):
        create_engine(EngineConfig(engine=engine_kind, model=str(tmp_path / "typo"), device="cpu"))


def test_build_offline_falls_back_and_says_so_everywhere(tmp_path, empty_hf_cache):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    out = tmp_path / "briefing.json"
    result = CliRunner().invoke(app, ["build", str(folder), "-o", str(out), "-q"])  # the default model: not here
    assert result.exit_code == 0, result.output
    assert result.stderr.count("notice") == 1 and "extractive" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["engine"]["name"] == "extractive"
    assert data["engine"]["generation"]["fallback"]
    assert data["articles"][0]["engine"] == {"name": "extractive", "model": data["engine"]["model"]}
    html = tmp_path / "briefing.html"
    CliRunner().invoke(app, ["build", str(folder), "-o", str(html), "--engine", "extractive", "-q"])
    footer = html.read_text(encoding="utf-8").split("<footer")[1]
    assert "extractive engine" in footer and "quoted from each article" in footer


def test_embedding_memo_returns_the_right_vectors_when_it_overflows(monkeypatch):
    import summarizer.embeddings as extractive
    from summarizer.embeddings import embed

    monkeypatch.setattr(extractive, "MEMO_LIMIT", 2)
    monkeypatch.setattr(extractive, "_MEMO", {})
    texts = ["The tram plan passed.", "Rain is due on Friday.", "The tram plan passed.", "Ferries will run later."]
    first = extractive.embed_sentences(texts[:2])
    again = extractive.embed_sentences(texts)
    assert np.allclose(again, embed(texts), atol=1e-5)
    assert np.allclose(first, again[:2], atol=1e-5)
    assert len(extractive._MEMO) <= 2


def test_a_huge_text_is_capped_in_sentences_and_says_so():
    """40,000 one-line paragraphs once built a 40k x 40k similarity matrix; now the engine reads a bounded prefix."""
    from summarizer.text.sentences import MAX_SENTENCES

    text = "\n\n".join(f"Paragraph number {i} reports one more small fact about the harbour." for i in range(2100))
    sentences = content_sentences(text)
    assert len(sentences.texts) <= MAX_SENTENCES
    assert sentences.cut is not None and f"first {MAX_SENTENCES} sentences" in sentences.cut


def test_the_cut_reaches_the_article_notes_and_token_counts():
    from summarizer.engines.extractive import Sentences
    from summarizer.engines.scoring import load_scorer
    from summarizer.records import Article

    texts = [
        "The council passed the tram plan on Monday night.",
        "Rain is due across the north on Friday.",
        "Ferries will run again later this year.",
        "The mayor opened a new school in the east.",
    ]
    cut = "only the first 4 sentences were considered; the last 1,234 characters were skipped"
    article = Article(input="big.txt", title="Big", text=" ".join(texts) + " More words that were never read here.")
    sentences = Sentences(texts, [True] * 4, cut)
    shortlist = load_scorer().shortlist(texts, sentences.eligible)
    vectors = np.eye(4, 384, dtype=np.float32)[list(shortlist.indices)]
    result = ExtractiveEngine(2)._points_for(article, sentences, shortlist, vectors)
    assert cut in result.notes and 1 <= len(result.points) <= 2
    assert result.tokens.summarized < result.tokens.input and not result.tokens.complete


@pytest.mark.parametrize(
    ("sentences", "items"),
    [
        (
            ["Pole for Hamilton 1.", "Lewis Hamilton (Britain) Mercedes 1:35.782 2.", "Nico Rosberg Mercedes 3."],
            {0, 1, 2},
        ),
        (["The fine was cut to 85 pounds.", "He appealed in 2014 and lost 3.", "Judges sat for 4."], {1, 2}),
        (["He finished 3.", "She finished 5.", "Nobody else finished."], set()),  # not consecutive
        (["The vote was 12.", "Most were against it."], set()),
    ],
)
def test_numbered_list_items_are_found_by_consecutive_item_numbers(sentences, items):
    assert numbered_items(sentences) == items


def test_a_flattened_results_table_is_never_a_point():
    rows = " ".join(
        f"{name} ({country}) Mercedes 1:3{i}.{i}24 {i + 2}."
        for i, (name, country) in enumerate([("Nico Rosberg", "Germany"), ("Lewis Hamilton", "Britain")] * 5)
    )
    text = (
        "Lewis Hamilton took pole position for the Chinese Grand Prix on Saturday, ahead of his team-mate. "
        f"Ferrari were a second slower over one lap in Shanghai. 1. {rows} "
        "Hamilton said the car felt better than at any point this season."
    )
    sentences = content_sentences(text)
    listed = [t for t, ok in zip(sentences.texts, sentences.eligible, strict=True) if "Mercedes 1:3" in t and ok]
    assert len([t for t in sentences.texts if "Mercedes 1:3" in t]) == 10 and listed == []
