"""Page furniture found by structure: captions, credits, bylines, promos, share bars, newsletter boxes, cookie
notices, "related" lists, marked by element and class/id names before the text is extracted; and the extracted
text rebuilt block by block, so a heading or a caption never runs into the next paragraph."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

FURNITURE_MARK = "data-briefing-furniture"
PRUNE_XPATH = f"//*[@{FURNITURE_MARK}]"
FURNITURE_TAGS = frozenset({"figcaption"})
# Whole class/id tokens ("photo-credit" → photo, credit; "cnnEditorialNote" → cnn, editorial, note).
FURNITURE_TOKENS = frozenset(
    {
        "caption",
        "captions",
        "credit",
        "credits",
        "byline",
        "bylines",
        "dateline",
        "promo",
        "promos",
        "newsletter",
        "newsletters",
        "signup",
        "advert",
        "advertisement",
        "adslot",
        "sponsor",
        "sponsored",
        "ireport",
        "recirc",
        "recirculation",
        "outbrain",
        "taboola",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "breadcrumb",
        "breadcrumbs",
        "related",
    }
)
FURNITURE_PAIRS = frozenset(
    {
        ("editorial", "note"),
        ("editors", "note"),
        ("most", "popular"),
        ("most", "read"),
        ("social", "share"),
        ("share", "bar"),
        ("share", "buttons"),
        ("share", "tools"),
        ("sign", "up"),
    }
)
MAX_SHARE = 0.2
"""An element holding more than this share of the page's text is never furniture, whatever its name."""
MAX_FURNITURE_CHARS = 3000
MAX_CANDIDATES = 300
MAX_NAMES = 20_000
# Lower-cased names are searched without IGNORECASE: ten times faster on the thousands of class names of a page.
_NAME_HINT = re.compile(
    r"caption|credit|byline|dateline|promo|newsletter|advert|adslot|sponsor|ireport|recirc|outbrain|taboola|cookie|"
    r"consent|gdpr|breadcrumb|related|note|popular|most|share|sign"
)
_NAME_TOKEN = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_KEEP_TAGS = frozenset({"html", "body", "article", "main", "h1"})
# A paragraph is marked only for these names: sites put "paywall", "read-more" and such on the story's own <p>.
PARAGRAPH_TOKENS = frozenset({"caption", "credit", "credits", "byline", "dateline"})
_BLOCK_SEPARATOR = "\n\n"
LAYOUT_CELL_WORDS = 40


def _tokens(value: str) -> list[str]:
    return [t.lower() for t in _NAME_TOKEN.findall(value[:300])]


def _named_furniture(names: str, tag: str) -> bool:
    if not _NAME_HINT.search(names.lower()):  # most names hold no furniture word: no need to split them into tokens
        return False
    tokens = _tokens(names)
    if tag == "p":
        return any(t in PARAGRAPH_TOKENS for t in tokens)
    if any(t in FURNITURE_TOKENS for t in tokens):
        return True
    return any(pair in FURNITURE_PAIRS for pair in zip(tokens, tokens[1:], strict=False))


@lru_cache(maxsize=1)
def _candidates() -> Any:
    """figcaptions and the elements with a class or an id, in page order."""
    from lxml.etree import XPath

    return XPath(".//figcaption | .//*[@class or @id]")


def _text_size(element: Any) -> int:
    return len(element.text_content())


def mark_furniture(tree: Any) -> int:
    """Mark the page's furniture elements for pruning (see :data:`PRUNE_XPATH`); how many were marked.

    Only the outermost furniture element is marked, and at most :data:`MAX_CANDIDATES` are measured, so nested
    look-alikes cost no more than the page's size."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    limit = min(MAX_FURNITURE_CHARS, MAX_SHARE * max(_text_size(root), 1))
    marked = measured = 0
    seen: dict[tuple[str, str], bool] = {}  # a page repeats its class names: each is judged once
    for element in _candidates()(root):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in _KEEP_TAGS:
            continue
        key = (f"{element.get('class') or ''} {element.get('id') or ''}", "p" if tag == "p" else "")
        if key not in seen:
            seen[key] = len(seen) < MAX_NAMES and _named_furniture(key[0][:300], tag)
        if not (tag in FURNITURE_TAGS or seen[key]):
            continue
        if measured >= MAX_CANDIDATES:
            break
        if _inside_marked(element):
            continue
        measured += 1
        if _text_size(element) > limit or element.find(".//h1") is not None:
            continue
        element.set(FURNITURE_MARK, "1")
        marked += 1
    return marked


def _inside_marked(element: Any) -> bool:
    parent = element.getparent()
    depth = 0
    while parent is not None and depth < 64:
        if parent.get(FURNITURE_MARK):
            return True
        parent, depth = parent.getparent(), depth + 1
    return False


def block_text(body: Any) -> str:
    """The extracted text (trafilatura's output tree) with a blank line between blocks (paragraphs, headings,
    list items, quotes, tables) and a plain line break where the page had one inside a block."""
    from trafilatura.xml import xmltotxt

    if body is None:
        return ""
    blocks = [body.text.strip()] if body.text and body.text.strip() else []
    for child in body:
        parts = child.findall("item") if child.tag == "list" else _layout_cells(child) or [child]
        for part in parts:
            text = " ".join(" ".join(part.itertext()).split()) if part.tag == "cell" else xmltotxt(part, False).strip()
            if text:
                blocks.append(text)  # a list item keeps trafilatura's "- " marker
    return _BLOCK_SEPARATOR.join(blocks)


def _layout_cells(element: Any) -> list[Any]:
    """The cells of a table used for page layout (a cell holding running text), each one a block of its own;
    a data table (short cells) stays one block."""
    if element.tag != "table":
        return []
    cells = list(element.iter("cell"))
    if any(len(" ".join(cell.itertext()).split()) >= LAYOUT_CELL_WORDS for cell in cells):
        return cells
    return []
