"""Saved web pages: the main article text and its metadata, extracted with trafilatura."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from summarizer.readers.base import ReadError, describe_size
from summarizer.readers.encoding import decode_bytes
from summarizer.readers.pagefurniture import PRUNE_XPATH, block_text, mark_furniture
from summarizer.readers.pagekind import empty_page_reason, non_article_reason, page_signals
from summarizer.readers.sniff import KIND_SUFFIXES, sniff_kind
from summarizer.records import Article
from summarizer.text.furniture import drop_furniture

# Measured on the article-extraction benchmark (benchmarks/extraction.py): dropping comments and
# trafilatura's own fallback extractors gives the best word F1; the fallbacks only rescue empty results.
PRIMARY_OPTIONS: dict[str, Any] = {"include_comments": False, "fast": True}
RESCUE_OPTIONS: dict[str, Any] = {"include_comments": False, "fast": False, "favor_recall": True}
MIN_WORDS_BEFORE_RESCUE = 25
# trafilatura takes about 4 s per MB of paragraphs: pages are cut to this much markup (scripts and styles
# removed first) with a note, and the slow rescue pass is skipped on big pages, so no page runs for minutes.
MAX_PAGE_CHARS = 1_500_000
MAX_RESCUE_CHARS = 500_000
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote", "pre"}
    | {"section", "article", "header", "footer", "hr", "dd", "dt", "figcaption"}
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " -- ", " :: ", " » ", " · ", ": ")
_BREADCRUMB_SEPARATORS = (" » ", " | ", " › ", " > ")
_TITLE_OPEN = re.compile(r"<title\b[^<>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]*>")
_SCRIPT = re.compile(r"<(script|style|template)\b[^<>]*>[^<]*</\1\s*>", re.IGNORECASE)
DEEP_NESTING_TAGS = 250


class HtmlReader:
    """Reads ``.html``/``.htm`` pages (and anything that starts like HTML): one article per page."""

    name = "html"
    suffixes = KIND_SUFFIXES["html"]

    def recognizes(self, head: bytes) -> bool:
        """Whether the first bytes look like an HTML page."""
        return sniff_kind(head) == "html"

    def read(self, data: bytes, input_name: str) -> list[Article]:
        """The page's main article."""
        url = input_name if input_name.startswith(("http://", "https://")) else None
        return [extract_page(data, input_name, url=url)]


def _extract(tree: Any, url: str | None, options: dict[str, Any]) -> Any:
    import trafilatura

    # trafilatura copies the tree it is given; the metadata come from the whole page, the text after the prune.
    return trafilatura.bare_extraction(tree, url=url, with_metadata=True, prune_xpath=PRUNE_XPATH, **options)


def _word_count(document: Any) -> int:
    return len((document.text or "").split()) if document is not None else 0


def parse_page(markup: str) -> Any:
    """The page's tree, parsed as trafilatura parses it (leniently when trafilatura doubts it is HTML, as with a
    bare redirect page); ``None`` when nothing can be parsed."""
    import lxml.etree
    import lxml.html
    from trafilatura.utils import load_html

    tree = load_html(markup)
    if tree is not None:
        return tree
    try:
        return lxml.html.document_fromstring(markup, parser=_fragment_parser())
    except (lxml.etree.ParserError, ValueError):
        return None


def extract_document(tree: Any, url: str | None = None, *, rescue: bool = True) -> Any:
    """trafilatura's document for a page: fast extraction, with the full fallbacks only when it finds little."""
    document = _extract(tree, url, PRIMARY_OPTIONS)
    if rescue and _word_count(document) < MIN_WORDS_BEFORE_RESCUE:
        rescued = _extract(tree, url, RESCUE_OPTIONS)
        if _word_count(rescued) > _word_count(document):
            document = rescued
    return document


def _clean(value: Any) -> str | None:
    text = _SPACES.sub(" ", str(value)).strip() if value else ""
    return text or None


def strip_site_name(title: str, site: str | None) -> str:
    """A page title without the site's name glued to its start or end ("Story | CNN Politics" → "Story"), and
    without a trail of sections ("Story » Local » News » Gazette" → "Story")."""
    title = _without_breadcrumbs(title)
    if not site:
        return title
    site_key = site.casefold()
    for separator in _TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and head.strip() and tail.strip().casefold().startswith(site_key):
            return head.strip()
        if title.casefold().startswith(site_key + separator.rstrip()) and len(title) > len(site) + 10:
            return title[len(site) + len(separator.rstrip()) :].strip()
    return title


def _without_breadcrumbs(title: str) -> str:
    for separator in _BREADCRUMB_SEPARATORS:
        parts = [part.strip() for part in title.split(separator)]
        if len(parts) < 3:
            continue
        longest = max(parts, key=len)
        if len(longest.split()) >= 4 and all(len(p.split()) <= 4 for p in parts if p is not longest):
            return longest
    return title


def _page_title(markup: str) -> str | None:
    # Two searches instead of one lazy ``<title>(.*?)</title>``: many unclosed <title> tags made that quadratic.
    head = markup[:200_000]
    opening = _TITLE_OPEN.search(head)
    closing = _TITLE_CLOSE.search(head, opening.end()) if opening else None
    if opening is None or closing is None:
        return None
    return _clean(html_to_text(head[opening.end() : closing.start()]))


def extract_page(data: bytes, input_name: str, url: str | None = None, declared: str | None = None) -> Article:
    """One article from an HTML page's bytes; a plain :class:`ReadError` when the page holds no article (a
    homepage, an index, a wall or an error page is named as such)."""
    decoded = decode_bytes(data, declared)
    markup, cut_note = bounded_markup(decoded.text)
    tree = parse_page(markup) if markup.strip() else None
    if tree is None:
        raise ReadError("the page is empty")
    signals = page_signals(tree, url)
    mark_furniture(tree)
    document = extract_document(tree, url, rescue=len(markup) <= MAX_RESCUE_CHARS)
    raw = block_text(document.body) if document is not None else ""
    title = _clean(document.title) if document is not None else None
    title = title or _page_title(markup)
    text = _without_title(drop_furniture(raw), title)
    if reason := non_article_reason(signals, text, raw):
        raise ReadError(reason)
    if not text.strip():
        raise ReadError(empty_page_reason(signals))
    page_url = _clean(document.url) or url
    sitename = _clean(document.sitename)
    if sitename and title and sitename.casefold() == title.casefold():
        sitename = None  # some pages repeat the headline as the site name; the host then names the site
    source = sitename or _clean(document.hostname) or _host(page_url)
    notes = tuple(note for note in (decoded.note, cut_note) if note)
    title = strip_site_name(title, source) if title else title
    return Article(
        input=input_name,
        title=title or "",
        text=text,
        source=source,
        url=page_url,
        published=_clean(document.date),
        author=_clean(document.author),
        notes=notes,
    )


def _without_title(text: str, title: str | None) -> str:
    """The text without a first block that repeats the page title (the headline printed above the story)."""
    first, sep, rest = text.strip().partition("\n\n")
    if title and sep and _key(first) in (_key(title), _key(strip_site_name(title, first))):
        return rest
    return text.strip()


def _key(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".")


def bounded_markup(markup: str) -> tuple[str, str | None]:
    """The page's markup, at most :data:`MAX_PAGE_CHARS` of it, and a note saying so when it was cut."""
    if len(markup) <= MAX_PAGE_CHARS:
        return markup, None
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(markup, parser=_fragment_parser())
        for element in list(root.iter("script", "style", "noscript", "svg", "template")):
            element.drop_tree()
        lean = lxml.html.tostring(root, encoding="unicode")
    except (lxml.etree.ParserError, ValueError):
        lean = markup
    if len(lean) <= MAX_PAGE_CHARS:
        return lean, None
    cut = lean.rfind(">", 0, MAX_PAGE_CHARS) + 1 or MAX_PAGE_CHARS
    size = describe_size(len(lean.encode("utf-8", "replace")))
    return lean[:cut], f"the page is very long ({size} of HTML); only its first {describe_size(cut)} were read"


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


@lru_cache(maxsize=1)
def _fragment_parser() -> Any:
    import lxml.html

    # huge_tree lifts libxml2's 255-level nesting limit, past which a fragment's text silently came out empty.
    return lxml.html.HTMLParser(huge_tree=True)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): block elements become line breaks."""
    if "<" not in markup and "&" not in markup:
        return _tidy(markup)
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div", parser=_fragment_parser())
    except (lxml.etree.ParserError, ValueError):
        return _strip_tags(markup)
    for element in list(root.iter("script", "style", "template")):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    text = _tidy(root.text_content())
    # Past libxml2's hard nesting limit the parse comes back empty: fall back rather than lose the entry's text.
    return text if text or markup.count("<") < DEEP_NESTING_TAGS else _strip_tags(markup)


def _strip_tags(markup: str) -> str:
    """The fallback when the parser gives up (nesting thousands deep): tags removed, entities decoded."""
    import html

    return _tidy(html.unescape(_ANY_TAG.sub(" ", _SCRIPT.sub(" ", markup))))


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
