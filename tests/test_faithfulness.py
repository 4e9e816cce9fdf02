"""Faithfulness: source sentences for every point, and points stating what the article never says flagged."""

from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

import summarizer.pipeline
from summarizer.cli import app
from summarizer.engines.extractive import ExtractiveEngine, content_sentences
from summarizer.faithfulness import check_points, comparable_sentences, unsupported_terms
from summarizer.pipeline import make_briefing
from summarizer.records import Article, ReadResult
from summarizer.render import render
from tests.fakes import CountingEncoder, ListEngine

ARTICLE = (
    "The city council of Eastbridge approved a 2.5 billion budget on Monday, Mayor Jane Okafor said. "
    "Three schools will get new roofs before the winter. "
    "About 3,000 residents attended the meeting in the old U.S. consulate building. "
    '"We did our best with what we had," Okafor told reporters. '
    "Critics called the plan 'too little, too late' and promised to fight it."
)


@pytest.mark.parametrize(
    ("point", "flagged"),
    [
        ("The council approved a 2.5 billion budget on Monday.", []),
        ("The council approved a 3.5 billion budget on Monday.", ["3.5"]),
        ("About 3000 residents attended, Okafor's office said.", []),
        ("Mayor Okafor said 3 schools will get roofs.", []),
        ("However, five schools will get new roofs.", ["five"]),
        ("The budget was approved on Tuesday.", ["Tuesday"]),
        ("Mayor John Smith approved the budget.", ["John Smith"]),
        ("Okafor met Smith on Tuesday.", ["Smith", "Tuesday"]),
        ("Tuesday was the day of the vote.", ["Tuesday"]),
        ("The meeting took place in the U.S. consulate.", []),
        ("Residents met in Paris.", ["Paris"]),
        ('Okafor said "we did our best with what we had".', []),
        ('Okafor said "we did everything right".', ["“we did everything right”"]),
        ("Critics called it 'too little, too late'.", []),
        ("Eastbridge councillors approved the budget in 2024.", ["2024"]),
    ],
)
def test_unsupported_terms(point, flagged):
    assert unsupported_terms(point, ARTICLE) == flagged


POINTS = [
    "Eastbridge's council passed a budget of 2.5 billion on Monday.",
    "The council approved a 4.1 billion budget, Mayor John Smith said.",
    "Critics want to fight the plan.",
]


def _briefing(drop: bool):
    read = ReadResult(articles=[Article(input="budget.txt", title="Budget", text=ARTICLE)])
    return make_briefing(read, ListEngine(POINTS), title="T", date="2026-11-29", drop_unsupported=drop)


def test_each_point_gets_its_source_sentence_and_invented_facts_are_flagged():
    [item] = _briefing(drop=False).items
    support = item.result.support
    assert [s.point for s in support] == POINTS
    assert support[0].sentences[0].startswith("The city council of Eastbridge approved")
    assert support[2].sentences[0].startswith("Critics called the plan")
    assert [bool(s.unsupported) for s in support] == [False, True, False]
    assert support[1].unsupported == ("4.1", "Mayor John Smith")
    data = item.to_dict()
    assert data["points"] == POINTS  # plain strings, unchanged
    assert data["unsupported_points"] == 1
    assert data["engine"] == {"name": "seq2seq", "model": "test/abstractive"}
    assert any("marked ⚠" in note for note in data["notes"])


def test_drop_unsupported_removes_the_point_and_counts_it():
    briefing = _briefing(drop=True)
    data = briefing.to_dict()
    article = data["articles"][0]
    assert article["points"] == [POINTS[0], POINTS[2]]
    assert article["unsupported_points"] == 1 and data["unsupported_points"] == 1
    assert article["dropped_points"][0]["point"] == POINTS[1]
    assert any("dropped" in note for note in article["notes"])


def test_renderers_mark_flagged_points_and_show_sources():
    briefing = _briefing(drop=False)
    html = render(briefing, "html")
    assert html.count('<details class="support">') == 3
    assert "⚠ not in the article: 4.1, Mayor John Smith" in html
    plain_md = render(briefing, "md")
    assert "Source:" not in plain_md and "⚠ not in the article" in plain_md
    md = render(briefing, "md", show_sources=True)
    assert md.count("  - Source: ") >= 3
    assert "The city council of Eastbridge approved" in md


def test_sources_in_markdown_are_escaped():
    text = "The <script>alert(1)</script> [link](javascript:x) story ran on Monday in full."
    read = ReadResult(articles=[Article(input="x.txt", title="X", text=text)])
    briefing = make_briefing(read, ListEngine(["The story ran on Monday."]), title="T", date="2026-11-29")
    md = render(briefing, "md", show_sources=True)
    assert "Source: The \\<script\\>" in md
    html = MarkdownIt().render(md)
    assert "<script" not in html and "<a " not in html


def test_cli_summarize_drop_unsupported_and_show_sources(tmp_path, monkeypatch):
    monkeypatch.setattr(summarizer.pipeline, "create_engine", lambda config: ListEngine(POINTS))
    article = tmp_path / "budget.txt"
    article.write_text(f"Budget\n\n{ARTICLE}\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["summarize", str(article), "-f", "json", "--drop-unsupported", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"][0]["points"] == [POINTS[0], POINTS[2]]
    assert data["unsupported_points"] == 1
    text = runner.invoke(app, ["summarize", str(article), "--show-sources", "--no-cache", "-q"])
    assert text.exit_code == 0, text.output
    assert "source: " in text.stdout and "⚠ not in the article" in text.stdout


NEWS = (
    "LONDON, England (CNN) -- The city council of Eastbridge approved a 2.5 billion budget on Monday. "
    "Three schools will get new roofs before the winter, Mayor Jane Okafor said. "
    "Click here to read more about the budget. "
    "About 3,000 residents attended the meeting in the old U.S. consulate building. "
    "Critics called the plan too small and promised to fight it in court."
)


@pytest.fixture
def counting_encoder(monkeypatch):
    """The sentence encoder replaced by a fake that remembers every text it embedded; an empty memo."""
    import summarizer.embeddings as embeddings

    encoder = CountingEncoder()
    monkeypatch.setattr(embeddings, "_model", lambda precision="float32": encoder)
    monkeypatch.setattr(embeddings, "_MEMO", {})
    return encoder


def test_the_check_embeds_no_sentence_the_extractive_engine_embedded(counting_encoder):
    article = Article(input="budget.txt", title="Budget", text=NEWS)
    [result] = ExtractiveEngine(max_points=2).key_points([article])
    selection = list(counting_encoder.encoded)
    [supports], _ = check_points([article], [result.points])
    assert selection and counting_encoder.encoded == selection  # not one text embedded twice
    assert [s.sentences[0] for s in supports] == list(result.points)  # each point is its own best source


def test_a_long_article_s_check_embeds_nothing_beyond_the_engine_s_shortlist(counting_encoder):
    # Thirty more sentences, none a near-copy of another (no two share half their words).
    extra = " ".join(" ".join(f"w{i}x{j}" for j in range(8)).capitalize() + "." for i in range(30))
    article = Article(input="budget.txt", title="Budget", text=f"{NEWS}\n\n{extra}")
    [result] = ExtractiveEngine(max_points=3).key_points([article])
    selection = list(counting_encoder.encoded)
    assert result.points and len(selection) < len(content_sentences(article.text).texts)
    [supports], _ = check_points([article], [result.points])
    assert counting_encoder.encoded == selection
    assert [s.sentences[0] for s in supports] == list(result.points)


def test_a_quoted_point_is_compared_with_itself_and_its_near_copies_only():
    sentences = [
        "The council approved the budget on Monday.",
        "On Monday the council approved the budget, officials said.",
        "Rain fell all week.",
    ]
    assert comparable_sentences(sentences[0], sentences) == [0, 1]
    assert comparable_sentences(sentences[2], sentences) == [2]
    assert comparable_sentences("Councillors passed a spending plan.", sentences) == [0, 1, 2]


def test_sources_are_the_cleaned_sentences_without_page_furniture(counting_encoder):
    article = Article(input="budget.txt", title="Budget", text=NEWS)
    [supports], _ = check_points([article], [["Eastbridge approved a budget on Monday.", "Read more about it."]])
    sources = [s for support in supports for s in support.sentences]
    assert sources[0] == "The city council of Eastbridge approved a 2.5 billion budget on Monday."  # no dateline
    assert not any("Click here" in s for s in sources)
    assert counting_encoder.encoded.count(sources[0]) == 1  # the point was embedded, each sentence once
