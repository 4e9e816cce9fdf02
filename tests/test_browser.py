"""The HTML briefing in a real headless Chromium (Debian's package): phone and desktop, dark mode, structure.

Screenshots go to test-artifacts/ (not in the repository). The tests skip, saying why, only where Chromium or
Playwright's Python driver is missing; .ci/run installs Chromium with apt-get.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.config.daily import OutputSettings, load_settings
from summarizer.daily.report import write_index
from summarizer.daily.state import DailyState
from summarizer.records import Article, ArticlePoints, Briefing, BriefingItem, EngineInfo, InputError, TokenCounts
from summarizer.render import render

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (390, 1280)
VAGUE_LINK_TEXTS = {"here", "click here", "link", "more", "read more", "this"}

if not Path(CHROMIUM).is_file():
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")


def article(n: int, title: str, source: str, published: str | None, url: str | None = None) -> Article:
    return Article(input=f"notes/{n}.md", title=title, text=f"Text {n}.", source=source, url=url, published=published)


def points(*texts: str, notes: tuple[str, ...] = ()) -> ArticlePoints:
    return ArticlePoints(points=texts, tokens=TokenCounts(100, 100), notes=notes)


def sample_briefing() -> Briefing:
    """Sections, a story from three sources, long unbroken words and URLs, notes and a failed input."""
    quake = [
        article(
            1,
            "Magnitude 7.5 earthquake strikes Japan's Noto peninsula",
            "World Desk",
            "2024-01-01T08:40:00Z",
            "https://world.example.org/2024/01/01/noto-peninsula-earthquake-tsunami-warning-live-updates",
        ),
        article(
            2,
            "Tsunami warning as strong quake rocks central Japan",
            "Asia Wire",
            "2024-01-01T10:05:00Z",
            "https://asia.example.com/japan-quake",
        ),
        article(3, "Seafloor uplift: Noto coastline rose four metres", "Science Feed", "2024-01-03", None),
    ]
    long_word = "Supercalifragilisticexpialidocious" * 3
    items = [
        BriefingItem(
            quake[0],
            points(
                "A powerful earthquake hit the Noto peninsula on New Year's Day.",
                "Waves of more than a metre reached the Ishikawa coast.",
                f"Officials used the word {long_word} without spaces.",
                notes=("1 more distinct point(s) from these sources left out (at most 3 per item)",),
            ),
            sources=tuple(quake),
            section="World",
        ),
        BriefingItem(
            article(
                4,
                "Baltimore's Key Bridge collapses after ship strike",
                "US Desk",
                "2024-03-26T09:00Z",
                "https://us.example.net/key-bridge",
            ),
            points("The bridge fell into the river.", "Six workers are missing."),
            section="World",
        ),
        BriefingItem(
            article(5, "Millions watch total solar eclipse", "Sky Notes", None),
            points("The shadow crossed Mexico, the US and Canada."),
            section="Science & tech",
        ),
    ]
    items = [BriefingItem(i.article, i.result, sources=i.sources or (i.article,), section=i.section) for i in items]
    return Briefing(
        title="Morning briefing",
        date="2026-11-29",
        generated_at="2026-11-29",
        lang="en",
        engine=EngineInfo(name="fake", model="fake-model"),
        items=items,
        errors=[InputError("https://feeds.example.org/" + "very-long-path/" * 8 + "feed.xml", "HTTP 404 Not Found")],
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    briefing = sample_briefing()
    (folder / "briefing.html").write_text(render(briefing, "html"), encoding="utf-8")
    (folder / "email.html").write_text(render(briefing, "email"), encoding="utf-8")
    settings = load_settings(ROOT / "examples" / "briefing.toml", out_dir=folder)
    state = DailyState()
    state.record("2026-11-29", set(), settings, briefing)
    (folder / "2026-11-29.html").write_text("x")
    write_index(state, settings)
    assert isinstance(settings.output, OutputSettings)
    return {"briefing": folder / "briefing.html", "email": folder / "email.html", "index": folder / "index.html"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def open_page(browser: Any, path: Path, width: int, scheme: str = "light") -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(path.as_uri())
    return page


def no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_briefing_fits_the_screen_and_is_saved_as_a_screenshot(
    browser: Any, pages: dict[str, Path], width: int, scheme: str
) -> None:
    page = open_page(browser, pages["briefing"], width, scheme)
    assert no_horizontal_scroll(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"briefing-{width}-{scheme}.png"), full_page=True)
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.points li')).fontSize)")
    assert size >= 16, "key points must be readable without zooming"
    page.close()


@pytest.mark.parametrize("name", ["email", "index"])
def test_email_and_index_fit_a_phone(browser: Any, pages: dict[str, Path], name: str) -> None:
    page = open_page(browser, pages[name], 390)
    assert no_horizontal_scroll(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-390.png"), full_page=True)
    page.close()


def luminance(page: Any, selector: str, prop: str) -> float:
    rgb = page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).{prop}")
    r, g, b = (int(x) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_dark_mode_follows_the_system_setting(browser: Any, pages: dict[str, Path]) -> None:
    light, dark = open_page(browser, pages["briefing"], 390), open_page(browser, pages["briefing"], 390, "dark")
    assert luminance(light, "body", "backgroundColor") > 0.8 and luminance(light, "body", "color") < 0.3
    assert luminance(dark, "body", "backgroundColor") < 0.2 and luminance(dark, "body", "color") > 0.7
    assert luminance(dark, "article", "backgroundColor") < 0.2


def test_table_of_contents_links_every_item(browser: Any, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["briefing"], 1280)
    targets = page.eval_on_selector_all("nav[aria-label=Contents] a", "links => links.map(a => a.hash.slice(1))")
    articles = page.eval_on_selector_all("main article[id^=a]", "els => els.map(e => e.id)")
    sections = page.eval_on_selector_all("main section[id]", "els => els.map(e => e.id)")
    assert sorted(targets) == sorted(articles + sections) and len(articles) == 3
    page.click(f"nav a[href='#{articles[1]}']")
    assert page.evaluate("location.hash") == f"#{articles[1]}"


def test_headings_are_in_order_and_lang_is_set(browser: Any, pages: dict[str, Path]) -> None:
    for name in ("briefing", "email", "index"):
        page = open_page(browser, pages[name], 1280)
        levels = page.eval_on_selector_all("h1,h2,h3,h4,h5,h6", "hs => hs.map(h => Number(h.tagName[1]))")
        assert levels[0] == 1 and levels.count(1) == 1, name
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (name, levels)
        assert page.evaluate("document.documentElement.lang") == "en"


def test_links_have_real_text(browser: Any, pages: dict[str, Path]) -> None:
    for name in ("briefing", "email", "index"):
        page = open_page(browser, pages[name], 1280)
        links = page.eval_on_selector_all("a", "as => as.map(a => [a.innerText.trim(), a.getAttribute('href')])")
        assert links, name
        for text, href in links:
            assert text and text.lower() not in VAGUE_LINK_TEXTS, (name, href)
            assert text != href and not text.startswith("http"), (name, text)


def test_each_item_shows_its_sources_and_time(browser: Any, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["briefing"], 390)
    cards = page.eval_on_selector_all(
        "main article[id^=a]",
        """els => els.map(e => ({
            sources: e.querySelectorAll('.sources li').length,
            time: (e.querySelector('.byline time') || {}).textContent || '',
            badge: (e.querySelector('.count') || {}).textContent || ''}))""",
    )
    assert cards[0] == {"sources": 3, "time": "3 Jan 2024", "badge": "3 sources"}
    assert cards[1] == {"sources": 1, "time": "26 Mar 2024, 09:00 UTC", "badge": ""}
    assert cards[2]["sources"] == 1 and cards[2]["time"] == ""


def test_contents_are_folded_on_a_phone_and_open_on_a_wide_screen(browser: Any, pages: dict[str, Path]) -> None:
    phone = open_page(browser, pages["briefing"], 390)
    assert phone.evaluate("document.querySelector('nav').getBoundingClientRect().height") < 80
    assert not phone.is_visible("nav ol a")
    phone.click("nav summary")  # one tap opens it
    assert phone.is_visible("nav ol a")
    wide = open_page(browser, pages["briefing"], 1280)
    assert wide.is_visible("nav ol a")
    assert wide.evaluate("getComputedStyle(document.querySelector('nav summary')).pointerEvents") == "none"


def test_internal_notes_are_one_muted_line_and_dates_read_one_way(browser: Any, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["briefing"], 390)
    details = page.eval_on_selector_all(".details", "els => els.map(e => e.textContent)")
    assert details == ["1 more distinct point(s) from these sources left out (at most 3 per item)"]
    assert luminance(page, ".details", "color") == luminance(page, ".byline", "color")  # muted, not a warning
    times = page.eval_on_selector_all("time", "ts => ts.map(t => [t.textContent, t.getAttribute('datetime')])")
    for text, iso in times:
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}(, \d\d:\d\d UTC)?", text), text
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T[\d:]+\+00:00)?", iso), iso
    assert page.text_content(".meta") == "29 Nov 2026 · 3 stories from 5 sources · 1 input not included"
