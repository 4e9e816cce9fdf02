"""Is a web page an article? Homepages, section and link-list pages, login, paywall and cookie walls, error pages
are named as such (one plain reason) instead of being summarized.

Structural signals first: the page's own address (canonical link, og:url, the URL it came from) being a site's
front page or a section, its declared type (og:type, JSON-LD ``@type``), a password field. Text signals only
decide when the extracted text is short: links against running text, and the words of a wall or an error page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "socialmediaposting",
        "liveblogposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "review",
        "claimreview",
        "recipe",
        "howto",
    }
)
INDEX_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})
SHORT_TEXT_CHARS = 1200
"""Extracted text shorter than this (characters without spaces) is "little running text"."""
ERROR_TEXT_CHARS = 400
"""Walls and error pages hold at most a sentence or two of their own."""
INDEX_STORY_LINKS = 30
LIST_STORY_LINKS = 20
LIST_SHARE = 0.6
"""A page whose extracted text is mostly its own link texts (20 story links or more) is a link list."""
MAX_LINK_TEXTS = 5000
MAX_REDIRECT_DELAY_S = 10
INDEX_LINK_RATIO = 4.0
ROOT_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php", "/index.shtml", "/default.aspx", "/home"})
_SECTION_SEGMENT = re.compile(r"^[a-z]{2,20}$")
_LD_TYPE = re.compile(r'"@type"\s*:\s*(?:"([^"]{1,60})"|\[([^\]]{1,300})\])')
_QUOTED = re.compile(r'"([^"]{1,60})"')
_ERROR_TITLE = re.compile(
    r"\b(?:404|410|403|500|502|503)\b|\bpage (?:not found|cannot be found|could not be found|does not exist|"
    r"doesn'?t exist|is missing)|\bnot found\b|\berror (?:404|occurred)|\baccess denied\b|\bforbidden\b|"
    r"\bservice unavailable\b|\bsomething went wrong\b",
    re.IGNORECASE,
)
_PAYWALL = re.compile(
    r"\b(?:subscribe (?:now )?to (?:continue(?: reading)?|read|keep reading|unlock)|subscribers? only|"
    r"for subscribers\b|"
    r"already (?:a subscriber|have an account|subscribed)|to continue reading|continue reading with|"
    r"(?:this|the) (?:article|story|content) is (?:only )?(?:available|reserved|exclusive) (?:to|for)|"
    r"create a free account|(?:log|sign) ?in to (?:continue|read|keep reading|view)|register to (?:continue|read)|"
    r"you have reached your (?:free )?(?:article|story) limit|start your (?:free )?trial)"
    # Japanese and Chinese walls: "this article is for members only", "register to read on", "log in to read"
    r"|この記事は(?:有料)?会員限定です|続きをお読みいただけます|登录后(?:查看|阅读)|订阅后(?:查看|阅读)",
    re.IGNORECASE,
)
_LOGIN = re.compile(r"\b(?:log ?in|sign ?in|password|forgot (?:your )?password|username|remember me)\b", re.IGNORECASE)
_COOKIE_WALL = re.compile(
    r"\b(?:we use cookies|use of cookies|accept (?:all )?cookies|cookie (?:policy|settings|preferences|consent)|"
    r"manage (?:your )?(?:privacy|consent|cookie)|your privacy choices|we value your privacy|consent to)\b",
    re.IGNORECASE,
)
_JAVASCRIPT = re.compile(
    r"\b(?:enable|turn on|requires?) javascript\b|\bjavascript (?:is )?(?:disabled|required)\b", re.I
)


@dataclass(frozen=True)
class PageSignals:
    """What a page is made of, measured once on its parsed tree before extraction."""

    links: int
    story_links: int
    """Links whose text has four words or more: what a front page lists."""
    link_chars: int
    page_chars: int
    """Visible characters of the whole page (spaces left out, so the counts hold for any script)."""
    password: bool
    declared_article: bool
    declared_index: bool
    address: str | None
    """The page's own address (canonical link, og:url, else the URL it was read from)."""
    page_title: str
    refresh_to: str | None = None
    link_texts: frozenset[str] = frozenset()
    """The texts of the links of three words or more (normalised): what a link list is made of."""
    page_text: str = ""
    """The first part of the page's visible text, where walls and error messages are looked for."""


def _chars(text: str) -> int:
    return len("".join(text.split()))


def _ld_types(tree: Any) -> set[str]:
    types: set[str] = set()
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        for single, many in _LD_TYPE.findall((script.text or "")[:200_000]):
            names = [single] if single else _QUOTED.findall(many)
            types.update(name.rsplit("/", 1)[-1].strip().lower() for name in names)
    return types


def _meta(tree: Any, key: str) -> str | None:
    for element in tree.iter("meta"):
        if (element.get("property") or element.get("name") or "").strip().lower() == key:
            value = (element.get("content") or "").strip()
            if value:
                return value
    return None


def _canonical(tree: Any) -> str | None:
    for element in tree.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split():
            href = (element.get("href") or "").strip()
            if href.startswith(("http://", "https://")):
                return href
    return None


def _refresh_target(tree: Any) -> str | None:
    """Where a meta refresh sends the reader at once; a page that reloads itself every few minutes is not a redirect."""
    content = next(
        (m.get("content") or "" for m in tree.iter("meta") if (m.get("http-equiv") or "").lower() == "refresh"), ""
    )
    delay, _, rest = content.partition(";")
    _, sep, target = rest.partition("=")
    try:
        soon = float(delay.strip() or 0) <= MAX_REDIRECT_DELAY_S
    except ValueError:
        soon = False
    return (target.strip(" '\"") or None) if sep and soon else None


def page_signals(tree: Any, url: str | None = None) -> PageSignals:
    """Measure a parsed page: its links, visible text, declared type, address and any password field."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    links = story = link_chars = 0
    texts: set[str] = set()
    for anchor in root.iter("a"):
        if not anchor.get("href"):
            continue
        text = anchor.text_content()
        links += 1
        link_chars += _chars(text)
        story += len(text.split()) >= 4
        if len(text.split()) >= 3 and len(texts) < MAX_LINK_TEXTS:
            texts.add(_norm(text))
    visible = _visible_text(root)
    types = _ld_types(tree)
    og_type = (_meta(tree, "og:type") or "").lower()
    address = _canonical(tree) or _valid_url(_meta(tree, "og:url")) or url
    title = tree.find(".//title")
    return PageSignals(
        links=links,
        story_links=story,
        link_chars=link_chars,
        page_chars=_chars(visible),
        password=any((i.get("type") or "").lower() == "password" for i in root.iter("input")),
        declared_article=og_type == "article" or bool(types & ARTICLE_TYPES),
        declared_index=bool(types & INDEX_TYPES) and not types & ARTICLE_TYPES,
        address=address,
        page_title=" ".join((title.text_content() if title is not None else "").split())[:200],
        refresh_to=_refresh_target(tree),
        link_texts=frozenset(texts),
        page_text=" ".join(visible[:20_000].split()),
    )


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def linked_share(text: str, link_texts: frozenset[str]) -> float:
    """How much of the extracted text is the pages's own link texts, line by line (a link list's text is)."""
    lines = [_norm(line.lstrip("-*• ")) for line in text.splitlines() if line.strip()]
    total = sum(len(line) for line in lines)
    return sum(len(line) for line in lines if line in link_texts) / total if total else 0.0


def _valid_url(value: str | None) -> str | None:
    return value if value and value.startswith(("http://", "https://")) else None


def _visible_text(root: Any) -> str:
    skip = {"script", "style", "noscript", "template", "svg"}
    parts: list[str] = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.lower() not in skip and element.text:
            parts.append(element.text)
        if element.tail:
            parts.append(element.tail)
    return " ".join(parts)


def _address_kind(address: str | None) -> str | None:
    """ "front page" or "section" when the page's address says so, else ``None``."""
    if not address:
        return None
    parts = urlsplit(address)
    if parts.query:
        return None
    path = parts.path.rstrip("/") if parts.path not in ROOT_PATHS else ""
    if path.lower() in ROOT_PATHS:
        return "front page"
    segments = [s for s in path.split("/") if s]
    if len(segments) <= 2 and all(_SECTION_SEGMENT.match(s) for s in segments):
        return "section"
    return None


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def non_article_reason(signals: PageSignals, text: str, raw_text: str = "") -> str | None:
    """Why the page is not an article (one plain sentence), or ``None`` when it reads as one.

    ``text`` is what extraction kept after the furniture was removed, ``raw_text`` what it found before."""
    text_chars = _chars(text)
    short = text_chars < SHORT_TEXT_CHARS
    if short and (reason := _wall_reason(signals, text_chars, raw_text or text)):
        return reason
    if signals.refresh_to and text_chars < ERROR_TEXT_CHARS:
        return _redirect(signals.refresh_to)
    listy = signals.story_links >= LIST_STORY_LINKS and linked_share(text, signals.link_texts) >= LIST_SHARE
    running = "no" if not text_chars else "little" if short or listy else "some"
    links = f"{_count(signals.links, 'link')}, {running} running text"
    kind = _address_kind(signals.address)
    long_article = signals.declared_article and not short
    if kind == "front page" and not long_article:
        return f"looks like a homepage, not an article ({signals.address} is the site's front page): {links}"
    linky = signals.link_chars >= INDEX_LINK_RATIO * max(text_chars, 1) and signals.story_links >= INDEX_STORY_LINKS
    if kind == "section" and not signals.declared_article and (linky or listy or not text_chars):
        return f"looks like a section index page, not an article ({signals.address}): {links}"
    if signals.declared_index and not long_article and (short or linky or listy):
        return f"looks like an index page, not an article (the page declares itself a list of links): {links}"
    if (not signals.declared_article and short and linky) or listy:
        return f"looks like a homepage or index page, not an article: {links}"
    return None


def _wall_reason(signals: PageSignals, text_chars: int, raw_text: str) -> str | None:
    """A wall or an error page: its words in the title or the extracted text (a header's "Already a subscriber?"
    beside a short real article does not count), a password field or a cookie banner on an almost empty page."""
    if text_chars < ERROR_TEXT_CHARS and _ERROR_TITLE.search(signals.page_title):
        return f"looks like an error page, not an article (its title is {signals.page_title!r})"
    if match := _PAYWALL.search(f"{signals.page_title}\n{raw_text}"):
        return f"looks like a paywall or login wall, not an article: it says {match.group(0)!r}"
    if text_chars >= ERROR_TEXT_CHARS:
        return None
    if signals.password and _LOGIN.search(f"{signals.page_title} {signals.page_text}"):
        return "looks like a login page, not an article: it asks for a password"
    if match := _COOKIE_WALL.search(signals.page_text):
        return f"looks like a cookie consent wall, not an article: it says {match.group(0)!r}"
    return None


def _redirect(target: str) -> str:
    return f"the page only redirects elsewhere (a meta refresh to {target}); read that address instead"


def empty_page_reason(signals: PageSignals) -> str:
    """Why extraction found no article text, as precisely as the page allows."""
    if signals.refresh_to:
        return _redirect(signals.refresh_to)
    if _JAVASCRIPT.search(signals.page_text) or (signals.page_chars < 200 and signals.links < 5):
        return "no article text found in the page: it holds almost no text (it may need JavaScript to show it)"
    if signals.links >= 20 and signals.link_chars * 2 >= signals.page_chars:
        return f"looks like a homepage or index page, not an article: {_count(signals.links, 'link')}, no running text"
    return "no article text found in the page (it may be an index page, a login wall, or need JavaScript)"
