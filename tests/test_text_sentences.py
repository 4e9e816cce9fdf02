"""Sentence splitting (text/boundaries.py): news abbreviations, initials, numbers, quotations, ellipses, glued
sentences, spans that cover the text, and linear time."""

from __future__ import annotations

import time

import pytest

from summarizer.text.sentences import capped_sentences, sentence_spans, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # abbreviations and titles
        ("Mr. Smith went to Washington. He met Dr. Jones.", ["Mr. Smith went to Washington.", "He met Dr. Jones."]),
        (
            "Gov. Brown and Sen. Warren spoke. St. Louis was quiet.",
            ["Gov. Brown and Sen. Warren spoke.", "St. Louis was quiet."],
        ),
        (
            "The U.S. economy grew. Officials in the U.K. agreed.",
            ["The U.S. economy grew.", "Officials in the U.K. agreed."],
        ),
        ("He moved to the U.S. The move was hard.", ["He moved to the U.S.", "The move was hard."]),
        ("It was founded by Acme Inc. The firm grew.", ["It was founded by Acme Inc.", "The firm grew."]),
        (
            "The vote is on Jan. 5 in the capital. Few will go.",
            ["The vote is on Jan. 5 in the capital.", "Few will go."],
        ),
        ("He lives at No. 10 Downing Street. It is old.", ["He lives at No. 10 Downing Street.", "It is old."]),
        ("Fruit, e.g. apples, is good. So are nuts.", ["Fruit, e.g. apples, is good.", "So are nuts."]),
        (
            "They met at 9 a.m. and left at 5 p.m. The day was long.",
            ["They met at 9 a.m. and left at 5 p.m.", "The day was long."],
        ),
        # initials
        ("George W. Bush spoke. J. K. Rowling wrote.", ["George W. Bush spoke.", "J. K. Rowling wrote."]),
        # decimals, money, times
        ("Inflation rose 3.4% in May. It was 2.9% in April.", ["Inflation rose 3.4% in May.", "It was 2.9% in April."]),
        (
            "It cost $1.5 million. The team won in 2013. 2014 was worse.",
            ["It cost $1.5 million.", "The team won in 2013.", "2014 was worse."],
        ),
        # quotations
        (
            '"We are ready. We will win," he said. Then he left.',
            ['"We are ready. We will win," he said.', "Then he left."],
        ),
        (
            "'We are ready. We will win,' he said. Then he left.",
            ["'We are ready. We will win,' he said.", "Then he left."],
        ),
        ("He said: ‘I came. I saw.’ Then he left.", ["He said: ‘I came. I saw.’", "Then he left."]),
        ('"Why?" he asked. Nobody knew.', ['"Why?" he asked.', "Nobody knew."]),
        ('She said "stop." Then she left.', ['She said "stop."', "Then she left."]),
        # a quotation over several paragraphs, each one opening and only the last one closing
        (
            "He said: 'It is hard. 'We try. We win.' He left.",
            ["He said: 'It is hard.", "'We try. We win.'", "He left."],
        ),
        (
            "It isn't over, the players' union said. The club's view differs.",
            ["It isn't over, the players' union said.", "The club's view differs."],
        ),
        ("Class of '03 met. They talked.", ["Class of '03 met.", "They talked."]),
        # ellipses, exclamations, questions
        ("He waited... Nothing happened.", ["He waited...", "Nothing happened."]),
        ("He waited... and waited.", ["He waited... and waited."]),
        ("Wow! That was fast. Was it? Yes.", ["Wow!", "That was fast.", "Was it?", "Yes."]),
        ("Consumer group Which? said prices rose.", ["Consumer group Which? said prices rose."]),
        # dates and lower-case continuations
        (
            "On Sept. 11, 2001, towers fell. The world changed.",
            ["On Sept. 11, 2001, towers fell.", "The world changed."],
        ),
        (
            "The report (published Oct. 3) was long. It was read.",
            ["The report (published Oct. 3) was long.", "It was read."],
        ),
        ("Shares fell. and then rose.", ["Shares fell. and then rose."]),
        # scraped text glues sentences together
        (
            "They lost to the FA (£34,000).Equatorial Guinea stepped in.",
            ["They lost to the FA (£34,000).", "Equatorial Guinea stepped in."],
        ),
        ("What happens next?The evacuation began.", ["What happens next?", "The evacuation began."]),
        (
            'It said: "Your genius gave us a world!"Her sister wrote.',
            ['It said: "Your genius gave us a world!"', "Her sister wrote."],
        ),
        ("Visit example.com today. It is free.", ["Visit example.com today.", "It is free."]),
        # news page furniture: a wrapped line leaves "Mr ." and a lone quotation mark
        ("Shareholders met Mr . Moss on Monday. He left.", ["Shareholders met Mr . Moss on Monday.", "He left."]),
        ("Contact us if you can. ' The police said more.", ["Contact us if you can. '", "The police said more."]),
        # line breaks always end a sentence
        (
            "A heading without a stop\nThe first sentence. The second.",
            ["A heading without a stop", "The first sentence.", "The second."],
        ),
        # Chinese and Japanese: no space after the full stop; a quotation of several sentences stays whole
        ("香港特首今天道歉。议员要求他辞职！他会辞职吗？", ["香港特首今天道歉。", "议员要求他辞职！", "他会辞职吗？"]),
        (
            "指導者は「31人が死亡した。数人が負傷した」と語った。次の文です。",
            ["指導者は「31人が死亡した。数人が負傷した」と語った。", "次の文です。"],
        ),
        ("他说：“我很震惊。真的。”然后离开了。", ["他说：“我很震惊。真的。”", "然后离开了。"]),
        ("He left. 他走了。She stayed.", ["He left.", "他走了。", "She stayed."]),
    ],
)
def test_news_sentences_split_where_a_reader_would(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "One. Two!  Three?\n\nFour\n  five. ",
        '  leading space. And "quotes." \n\n\n\'Dangling quote',
        "",
        "No stop at all",
        "Mr. . . . ...!!! ??? ' \" ( ) [ ]",
    ],
)
def test_spans_cover_the_text_end_to_end(text):
    spans = sentence_spans(text)
    assert "".join(s.text for s in spans) == text
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert all(a.end == b.start for a, b in zip(spans, spans[1:], strict=False))


def test_paragraph_breaks_always_end_a_sentence():
    assert split_sentences("Dr.\n\nSmith came") == ["Dr.", "Smith came"]


def test_splitting_stops_at_the_limit():
    text = " ".join(f"Sentence {i} is here." for i in range(100))
    assert [s.text.strip() for s in sentence_spans(text, limit=3)] == [
        "Sentence 0 is here.",
        "Sentence 1 is here.",
        "Sentence 2 is here.",
    ]
    sentences, note = capped_sentences(text, 10)
    assert len(sentences) == 10 and note is not None and "only the first 10 sentences" in note


@pytest.mark.parametrize(
    "unit",
    [
        "Mr. Smith said 'it is. ",  # quotations that never close
        '" a. ',
        "(x. ",
        "‘x. ",
        "U.S. ",
        "... ",
        "' a. ",
        "a' b. ",
        "「あ。",  # Japanese quotations that never close
        "他。",
    ],
)
def test_hostile_repetitions_split_in_linear_time(unit):
    def best_of_three(text: str) -> float:
        # The fastest of three runs: a loaded machine only ever adds time, and quadratic growth would still show.
        times = []
        for _ in range(3):
            start = time.process_time()
            sentence_spans(text)
            times.append(time.process_time() - start)
        return min(times)

    small_s, large_s = best_of_three(unit * 2_000), best_of_three(unit * 16_000)
    assert large_s < 16 * small_s + 0.05  # 8x the text: about 8x the time (quadratic: 64x)
