"""Page furniture out of article text: lines that must go, real sentences that must stay, datelines, headlines."""

from __future__ import annotations

import time

import pytest

from summarizer.text.cleanup import (
    article_sentences,
    clean_article,
    is_boilerplate,
    is_caption,
    split_glued_caption,
    strip_datelines,
)
from summarizer.text.furniture import drop_furniture, is_ad_label, is_byline, is_furniture, is_nav_bar
from summarizer.text.headlines import headline_from_text, headline_problem, shorten

FURNITURE = [
    # captions and credits
    "Smith arrives at court on Monday. (Photo: AFP/Getty Images)",
    "| AP Photo/Uncredited |",
    "Cover image: artist's impression of the lighting installation",
    "Photo by Jane Roe for The Gazette",
    "Image copyright Reuters",
    "Pictured: the damaged bridge after the storm",
    # bylines and datelines of many outlets
    "By Jane Doe and Sam Roe, CNN",
    "By JANE DOE Associated Press",
    "By . Daily Mail Reporter .",
    "By",
    "-- By Michael Russell Follow @tdmrussell",
    "PUBLISHED: 14:11 EST, 25 October 2013 | UPDATED: 15:36 EST, 25 October 2013",
    "Last modified on Tue 19 Nov 2019 12.00 GMT",
    "July 24, 2014 -- Updated 1207 GMT (2007 HKT)",
    "UPDATED: Tue., Nov. 19, 2019",
    "Updated at 1:23 p.m.",
    "- Published 18 November 2019",
    "5:45 AM PST 11/19/2019 by Patrick Shanley",
    "Follow @janedoe on Twitter",
    "Follow The New York Times Opinion section on Facebook, Twitter (@NYTopinion) and Instagram.",
    "Reporting by Jane Doe; Editing by Sam Roe",
    # prompts
    "Are you in the grips of the wintry storm? Please share your videos, pictures and stories at iReport.",
    "Click here to subscribe to The Paradigm Newsletter",
    "Sign up for our morning newsletter.",
    "Subscribe to the Morning Review newsletter",
    "Get the latest updates right in your inbox. Subscribe to our newsletters.",
    "Read more: A Controversial Technology Is Creating a Rift",
    "READ MORE: Riot is considering changes to the format",
    "Related: The 15 Weirdest Galaxies in Our Universe",
    "Have a tip? Amy Kuperinsky may be reached at amy@example.com. Follow her on Twitter @AmyKup.",
    "Originally published on Live Science.",
    "This story has been updated with additional developments.",
    "Editor's note: This story was updated at 5:45 p.m. ET to include details from the telecon.",
    "Pick Six Newsletter",
    "Order Reprints",
    # legal lines, cookies, nav bars, ads
    "© 2014 Cable News Network. Turner Broadcasting System, Inc. All Rights Reserved.",
    "Copyright 2019 The Associated Press. All rights reserved. This material may not be published.",
    "We use cookies to improve your experience. By continuing to browse you accept our cookie policy.",
    "Home | Video | World | U.S. | Africa | Asia | Europe | Latin America | Middle East | Business",
    "News • Sport • Weather • Travel",
    "Jane Doe | Palma de Mallorca | 08/01/2014",
    "Advertisement",
    "ADVERTISEMENT",
    "Featured Advertiser",
    "Sponsored content",
    "Story continues below advertisement",
    "This shop has been compensated by #CollectiveBias, Inc. and its advertiser.",
    "To order presentation-ready copies for distribution to your colleagues, visit http://www.djreprints.com.",
]

REAL = [
    '"We will share this with the police," she said.',
    "By Tuesday, the storm had moved east and the roads reopened.",
    "By the end of 2017, the collaboration between the two firms had fully matured.",
    "Following a performance of their hit, the band teed up the surprise cameo.",
    "Shares of Home Depot fell 5 percent on Tuesday.",
    "Subscribers will pay two dollars more a month from January.",
    "Copyright lawsuits rose sharply last year, the report said.",
    "These chocolate chip cookies use brown butter.",
    "The newsletter, which had two million readers, folded last week.",
    "Follow the money, the investigators told the committee.",
    "The photographer said the image was taken from a helicopter.",
    "He flew to London on Monday, Reuters reported.",
    "Rep. Smith (R-Texas) spoke on Monday.",
    "Getting to the Moon, while not easy, has been done before.",
    "May 5 was the wettest day of the year, forecasters said.",
    "Rock, paper and scissors are the only moves in the game.",
    "哈立德·泰穆尔·阿克拉姆指出，中美元首旧金山会晤为改善两国关系带来希望。",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_go(line: str) -> None:
    assert drop_furniture(line) == ""


@pytest.mark.parametrize("line", REAL)
def test_real_sentences_stay(line: str) -> None:
    assert drop_furniture(line) == line
    assert not is_furniture(line)
    assert not is_boilerplate(line)


def test_a_prompt_inside_a_paragraph_goes_and_the_paragraph_stays() -> None:
    paragraph = (
        "The council voted 5-4 on Tuesday to close the bridge for repairs that will last most of the summer. "
        "Follow us on Twitter @gazette for updates."
    )
    assert drop_furniture(paragraph) == paragraph.split(" Follow")[0]


def test_a_related_list_goes_with_its_heading_and_the_story_goes_on() -> None:
    text = "\n".join(
        [
            "The bridge will close on Monday.",
            "Related stories",
            "- Council votes on the bridge budget",
            "Mayor promises faster repairs",
            "Repairs will take three months, the mayor said.",
        ]
    )
    assert drop_furniture(text) == "The bridge will close on Monday.\nRepairs will take three months, the mayor said."


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("LONDON (Reuters) - The pound fell on Tuesday.", "The pound fell on Tuesday."),
        ("HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper spoke.", "U.S. Defense Secretary Mark Esper spoke."),
        ("SEOUL, Aug. 20 (Yonhap) -- North Korea blasted the drill.", "North Korea blasted the drill."),
        ("BUFFALO, N.Y. — Hours before the game, the coach spoke.", "Hours before the game, the coach spoke."),
        ("NEW DELHI: Their American dream shattered.", "Their American dream shattered."),
        ("Beirut, Lebanon (CNN) -- The rescue went on all night.", "The rescue went on all night."),
        ("(CNN) -- The storm struck the east.", "The storm struck the east."),
        ("- - Pizza was searched more than the World Cup.", "Pizza was searched more than the World Cup."),
        ("New York, NY – The range of native ad units grew.", "The range of native ad units grew."),
        ("Dekalb, Ill. — Mike Glass threw for three touchdowns.", "Mike Glass threw for three touchdowns."),
        ("Washington, DC, United States: Getting to the Moon is hard.", "Getting to the Moon is hard."),
        ("دمشق، سوريا (CNN) -- أكدت جهات سورية", "أكدت جهات سورية"),
        # datelines inside a sentence, and capitals before a lower-case word, stay
        ("NASA — the agency said the launch slipped.", "NASA — the agency said the launch slipped."),
        ("The report, filed from LONDON (Reuters) - said so.", "The report, filed from LONDON (Reuters) - said so."),
        ("He said: LONDON is calm.", "He said: LONDON is calm."),
        ("Smith, a farmer - he said so.", "Smith, a farmer - he said so."),
    ],
)
def test_datelines_and_list_markers_open_no_paragraph(raw: str, cleaned: str) -> None:
    assert strip_datelines(raw) == cleaned


def test_clean_article_takes_furniture_out_of_every_paragraph() -> None:
    raw = (
        "By Jane Doe, CNN\n\nWASHINGTON (CNN) -- The Senate passed the bill on Friday.\n\n"
        "Home | Video | World | U.S. | Africa\n\nThe vote was 60 to 40. Follow us on Twitter @cnn for more.\n\n"
        "Advertisement"
    )
    assert clean_article(raw) == "The Senate passed the bill on Friday.\n\nThe vote was 60 to 40."


def test_table_rows_stay_apart_from_sentences() -> None:
    text = "Standings after the race:\n| 1 | Kyle Busch | 5040 |\n| 2 | Martin Truex Jr. |\nThe season ends in May."
    cleaned = clean_article(text)
    assert "\n\n| 2 | Martin Truex Jr. |\n\nThe season ends in May." in cleaned


def test_a_daily_mail_caption_line_is_a_caption() -> None:
    assert is_caption("Bishop John Folda (pictured) exposed church members to the virus .")
    assert is_caption("Retread: David Moss with his wife yesterday.")
    assert not is_caption("The diocese said he caught the infection in Italy.")


@pytest.mark.parametrize(
    ("glued", "caption", "sentence"),
    [
        (
            "Haul: The cherry picker on the roof of HMP Altcourse in Liverpool The amount of drugs thrown over the "
            "fence is so high that warders deploy a cherry picker.",
            "Haul: The cherry picker on the roof of HMP Altcourse in Liverpool",
            "The amount of drugs thrown over the fence is so high that warders deploy a cherry picker.",
        ),
        (
            "Guilty: Glenn Mason, 56, will pay back £185,000 out of his pension pot A respected bank manager who was "
            "jailed will have to pay back every penny.",
            "Guilty: Glenn Mason, 56, will pay back £185,000 out of his pension pot",
            "A respected bank manager who was jailed will have to pay back every penny.",
        ),
        (
            "Sister Gertrud (not pictured) was found in her bedroom with a towel on her face An 86-year-old nun was "
            "murdered at a mission.",
            "Sister Gertrud (not pictured) was found in her bedroom with a towel on her face",
            "An 86-year-old nun was murdered at a mission.",
        ),
    ],
)
def test_a_caption_glued_to_the_next_sentence_is_cut_off(glued: str, caption: str, sentence: str) -> None:
    assert split_glued_caption(glued) == [caption, sentence]
    assert article_sentences(glued)[0] == (caption, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The club had a Plan A for the season, and it worked until the injuries came in March.",  # not a caption
        "Smith (left) and The New York Times reporter A. Jones arrive in Paris.",  # capitalised word after "The"
        "Pictured: the team at The Hawthorns on Saturday afternoon.",  # "The" starts a name here, not a sentence
    ],
)
def test_other_sentences_are_not_cut(sentence: str) -> None:
    assert split_glued_caption(sentence) == [sentence]


@pytest.mark.parametrize(
    ("label", "expected"),
    [("Featured Advertiser", True), ("Sponsored: Win a cruise", True), ("[Ad] Buy now", True), ("Adam Smith", False)],
)
def test_ad_labels(label: str, expected: bool) -> None:
    assert is_ad_label(label) is expected


def test_bylines_are_capitalised_names_only() -> None:
    assert is_byline("By Ana Lopez de la Cruz and Sam Roe, The Gazette")
    assert not is_byline("by the Senate, the House and the courts")  # a wrapped line of a sentence
    assert not is_byline("By 2030, half of all cars sold will be electric.")
    assert not is_nav_bar("| Piloto | Pontos | Vitórias |")  # a table row, as trafilatura writes tables


@pytest.mark.parametrize(
    ("title", "problem"),
    [
        ("By", "it is a byline"),
        ("By Jane Doe, CNN", "it is a byline"),
        ("Riverside Gazette", "it is only the site's name"),
        ("gazette.example", "it is only the site's name"),
        ("Home", "it says nothing about the story"),
        ("November 19, 2019", "it is a date"),
        ("Advertisement", "it is page furniture"),
        ("The port authority of Lowmere approved a plan on", "it is cut off mid-sentence"),
        ("Bush expresses sympathy for grieving families but says", "it is cut off mid-sentence"),
        ("The minister said", "it is cut off mid-sentence"),
        ("SUDAN PLANNED TO MAKE DEADLY NERVE AGENT, U.S. SAYS", None),  # a headline naming its source
        ("Victims of embassy bombing harassed, aid group says", None),
        ("Ferry fares to rise in May: port authority said", None),
        ("Malaria Kills 2 Million Africans Annually, WHO", None),  # an acronym, not "who"
        ("TALKS STALL ON THE", "it is cut off mid-sentence"),  # all in capitals: "THE" is the word
        ("", "there is none"),
        ("Council approves river bridge", None),
        ("By the numbers: the storm in five charts", None),
        ("Watch: the bridge opens after ten years", None),
    ],
)
def test_headline_problems(title: str, problem: str | None) -> None:
    assert headline_problem(title, source="Riverside Gazette" if "example" not in title else "www.gazette.example") == (
        problem
    )


def test_a_headline_from_the_text_skips_furniture_and_shows_its_cut() -> None:
    text = (
        "By . Tom Reed . PUBLISHED: . 09:12 EST, 3 March 2025 . | . UPDATED: . 11:40 EST, 3 March 2025 . "
        "The port authority of Lowmere approved a plan on Tuesday to dredge the old harbour so that larger ferries "
        "can dock there from next spring. The work will cost 40 million."
    )
    headline = headline_from_text(text)
    assert headline == "The port authority of Lowmere approved a plan on Tuesday to dredge …"
    assert headline_from_text("Click here to subscribe.\n\nThe ferry runs again.") == "The ferry runs again"


def test_shorten_cuts_at_a_word_boundary_never_after_a_dangling_word() -> None:
    assert shorten("A short headline.") == "A short headline"
    long = "word " * 10 + "and the " + "tail " * 30
    assert shorten(long) == "word word word word word word word word word word …"


def test_furniture_rules_run_in_linear_time() -> None:
    # Long runs that each rule has to scan: spaces, separators, dashes, parentheses, list markers.
    hostile = [
        "By " + "A " * 20_000,
        "Home | " * 20_000,
        "- " * 20_000 + "x",
        "(" * 20_000,
        "(Photo: " + "a" * 20_000,
        "copyright " + "a " * 20_000,
        "LONDON" + " " * 20_000 + "-",
        "a" + " " * 40_000 + ".",
    ]
    start = time.perf_counter()
    for line in hostile:
        drop_furniture(line)
        clean_article(line)
        headline_problem(line)
    assert time.perf_counter() - start < 3
