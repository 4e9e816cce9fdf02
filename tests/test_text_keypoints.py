"""Cleaning generated text into key points, and removing near-duplicates."""

from __future__ import annotations

import pytest

from summarizer.text.keypoints import clean_text, dedupe, points_from_summary, select_points


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("The  bank raised rates .", "The bank raised rates."),
        ("Prices rose 3 % in May , officials said .", "Prices rose 3% in May, officials said."),
        ("He said ( briefly ) that it was over .", "He said (briefly) that it was over."),
        ("First line<n>Second line", "First line Second line"),
        ("<pad> Spaced out </s>", "Spaced out"),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_points_are_sentences():
    summary = "The central bank raised rates. Inflation stayed high in May. Markets fell sharply."
    assert points_from_summary(summary, cut_at_max_length=False) == [
        "The central bank raised rates.",
        "Inflation stayed high in May.",
        "Markets fell sharply.",
    ]


def test_fragment_cut_at_max_length_is_dropped():
    summary = "The central bank raised rates again. Officials said the decision was"
    assert points_from_summary(summary, cut_at_max_length=True) == ["The central bank raised rates again."]
    # the same text, when generation ended on its own, keeps its last sentence
    assert len(points_from_summary(summary, cut_at_max_length=False)) == 2


def test_too_short_points_are_dropped_and_case_fixed():
    assert points_from_summary("the minister resigned on Friday. Ok. So it goes.", cut_at_max_length=False) == [
        "The minister resigned on Friday.",
        "So it goes.",
    ]


def test_dedupe_keeps_the_fuller_wording():
    points = [
        "The bank raised rates.",
        "The central bank raised rates on Tuesday.",
        "Stocks fell sharply after the announcement.",
        "the bank raised rates",
    ]
    assert dedupe(points) == [
        "The central bank raised rates on Tuesday.",
        "Stocks fell sharply after the announcement.",
    ]


def test_select_points_caps_and_counts_what_was_left_out():
    points = [
        "The minister resigned on Friday.",
        "Floods closed roads across the north.",
        "The central bank kept rates unchanged.",
        "A new telescope photographed distant galaxies.",
    ]
    kept, left_out = select_points(points, 2)
    assert kept == points[:2]
    assert left_out == 2
