"""JSON and JSONL articles: objects, arrays, one object per line, usual field names, per-record errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.readers import read_bytes
from summarizer.readers.base import ReadError
from summarizer.records import Article, InputError


def _read(data: str, name: str) -> list[Article | InputError]:
    return list(read_bytes(data.encode(), name, Path(name)))


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"title": "T", "text": "Body."}, ("T", "Body.", None, None, None)),
        (
            {"title": "T", "content": "Body.", "url": "https://a.example/x"},
            ("T", "Body.", "https://a.example/x", None, None),
        ),
        (
            {"headline": "H", "body": "Body.", "link": "https://b.example", "published": "2024-01-01"},
            ("H", "Body.", "https://b.example", "2024-01-01", None),
        ),
        (
            {"title": "T", "article": "<p>Body <i>html</i>.</p>", "date": "2023-05-06", "source": {"name": "Wire"}},
            ("T", "Body html.", None, "2023-05-06", "Wire"),
        ),
    ],
)
def test_single_object_field_names(record: dict[str, object], expected: tuple[object, ...]) -> None:
    (article,) = _read(json.dumps(record), "one.json")
    assert isinstance(article, Article)
    assert (article.title, article.text, article.url, article.published, article.source) == expected
    assert article.input == "one.json"


def test_array_and_wrapped_list_give_many_articles() -> None:
    records = [{"title": f"T{i}", "text": f"Body {i}."} for i in range(3)]
    assert [a.title for a in _read(json.dumps(records), "many.json")] == ["T0", "T1", "T2"]  # type: ignore[union-attr]
    wrapped = _read(json.dumps({"articles": records}), "wrapped.json")
    assert len(wrapped) == 3 and all(isinstance(a, Article) for a in wrapped)


def test_jsonl_bad_line_and_missing_text_are_per_record_errors() -> None:
    lines = [
        json.dumps({"title": "A", "text": "Alpha."}),
        "{not json",
        json.dumps({"title": "No text"}),
        "",
        json.dumps([1, 2]),
        json.dumps({"text": "Untitled body text here."}),
    ]
    items = _read("\n".join(lines), "feed.jsonl")
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "InputError", "InputError", "InputError", "Article"]
    errors = [i for i in items if isinstance(i, InputError)]
    assert errors[0].input == "feed.jsonl (line 2)" and "not valid JSON" in errors[0].error
    assert "no article text" in errors[1].error
    assert "found a JSON list" in errors[2].error
    assert items[-1].title == "Untitled body text here"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "reason"), [("{broken", "not valid JSON"), ("[]", "empty"), ('"just a string"', "neither")]
)
def test_bad_json_files(data: str, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        _read(data, "bad.json")


@pytest.mark.parametrize(
    ("fields", "record_id"),
    [
        ({"id": "APW19980608.0653"}, "APW19980608.0653"),
        ({"id": 42}, "42"),
        ({"guid": "urn:x:1"}, "urn:x:1"),
        ({"id": "3f2a9c1d0b7e", "record_id": "APW-1"}, "APW-1"),  # what extract wrote reads back the same
        ({"id": " a\nb "}, "a b"),
        ({"id": True}, None),  # not an id
        ({"id": {"value": 1}}, None),
        ({"id": ""}, None),
        ({}, None),
    ],
)
def test_a_record_keeps_its_own_id_for_the_output(fields: dict[str, object], record_id: str | None) -> None:
    (article,) = _read(json.dumps({"title": "Council approves bridge", "text": "Body.", **fields}), "one.json")
    assert isinstance(article, Article)
    assert article.record_id == record_id
    assert article.id != record_id  # our own id is unchanged: two files may both number their records from 1
    assert ("record_id" in article.to_dict()) == (record_id is not None)
    if record_id is not None:
        assert article.to_dict()["record_id"] == record_id
