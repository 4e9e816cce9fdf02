"""Plain-text and Markdown articles, with optional YAML front matter."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import lru_cache
from typing import Any

from summarizer.readers.base import ReadError, title_and_body
from summarizer.readers.encoding import decode_bytes
from summarizer.readers.sniff import KIND_SUFFIXES
from summarizer.records import Article

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Inline patterns never let their inner part run past the character that opens the next match, so scanning a
# line of unclosed markup ("*a *a *a ...", "[a[a[a ...") stays linear instead of quadratic.
_ATX_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+(.+)$")
_SETEXT_UNDERLINE = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
_MD_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)")
_MD_LINK = re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)")
_MD_REF_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_MD_LINK_DEF = re.compile(r"^[ ]{0,3}\[[^\[\]\n]+\]:[ \t]+\S.*$", re.MULTILINE)
_MD_EMPHASIS = [
    re.compile(rf"{d}(?=\S)([^{c}\n]+?)(?<=\S){d}")
    for d, c in ((r"\*\*", r"*"), ("__", "_"), ("~~", "~"), (r"\*", r"*"), ("_", "_"))
]
_MD_CODE = re.compile(r"`([^`]*)`")
_MD_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.MULTILINE)
_MD_QUOTE = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)
_MD_FENCE = re.compile(r"^[ \t]*(```|~~~).*$", re.MULTILINE)
_MD_RULE = re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$", re.MULTILINE)
_LEADING_DATE = re.compile(r"\A(?:date|published)\s*:?\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?[ \t]*", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
MAX_FRONT_MATTER_CHARS = 64 * 1024


class TextReader:
    """Reads ``.txt`` and ``.md`` files: title from front matter, a heading, or the first line."""

    name = "text"
    suffixes = KIND_SUFFIXES["text"]

    def recognizes(self, head: bytes) -> bool:
        """Plain text has no signature: it is chosen by suffix, or when no other reader recognizes a document."""
        return False

    def read(self, data: bytes, input_name: str) -> list[Article]:
        """One article from the file's text."""
        if not data.strip():
            raise ReadError("the file is empty")
        decoded = decode_bytes(data)
        markdown = input_name.lower().endswith((".md", ".markdown"))
        article = parse_text_article(decoded.text, input_name, markdown=markdown)
        if decoded.note:
            article = dataclasses.replace(article, notes=(*article.notes, decoded.note))
        return [article]


def decode_text(data: bytes) -> str:
    """Text in any encoding (BOMs, UTF-16/32, legacy charsets); a plain reason when the bytes are binary or empty."""
    if not data.strip():
        raise ReadError("the file is empty")
    text = decode_bytes(data).text
    if not text.strip():
        raise ReadError("the file is empty")
    return text


def _front_matter(text: str) -> tuple[dict[str, Any], str, str | None]:
    """The front matter's fields, the text after it, and a note when the fields were unreadable and ignored."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, None
    if len(match.group(1)) > MAX_FRONT_MATTER_CHARS:
        note = f"the YAML front matter is over {MAX_FRONT_MATTER_CHARS // 1024} KB and was ignored"
        return {}, text[match.end() :], note
    try:
        meta = _load_yaml(match.group(1))
    except ValueError as exc:
        return {}, text[match.end() :], f"the YAML front matter was ignored: {exc}"
    if not isinstance(meta, dict):
        return {}, text[match.end() :], None
    return meta, text[match.end() :], None


@lru_cache(maxsize=1)
def _yaml_loader() -> Any:
    """A safe YAML loader without aliases; a date it cannot build stays text (a note later, never a crash)."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", mark)
            return super().compose_node(parent, index)

    def timestamp(loader: Any, node: Any) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except (ValueError, OverflowError):
            return loader.construct_scalar(node)

    NoAliasLoader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return NoAliasLoader


def _load_yaml(source: str) -> Any:
    """Parse front matter; aliases are refused because ``&a``/``*a`` chains expand exponentially (billion laughs)."""
    import yaml

    try:
        return yaml.load(source, Loader=_yaml_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ReadError(f"the YAML front matter is not valid: {_first_line(exc)}") from None
    except (ValueError, OverflowError, RecursionError) as exc:  # a 5000-digit number, nesting thousands deep
        raise ValueError(f"a value in it cannot be read ({_first_line(exc)})") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _meta_str(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip() or None


def _heading_title(lines: list[str]) -> tuple[str | None, int]:
    """The first heading (ATX or setext) among the leading lines, and the index of the line after it."""
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        match = _ATX_HEADING.match(line)
        if match:
            return _heading_text(match), i + 1
        if i + 1 < len(lines) and _SETEXT_UNDERLINE.match(lines[i + 1]) and lines[i + 1].strip()[0] == "=":
            return line.strip(), i + 2
        return None, i
    return None, 0


def _heading_text(match: re.Match[str]) -> str:
    """An ATX heading's text without its closing ``#`` sequence (stripped here: a regex for it backtracks)."""
    return match.group(2).rstrip(" \t#").strip() or match.group(2).strip()


def strip_html_comments(text: str) -> str:
    """``text`` without ``<!-- ... -->`` comments, in linear time; an unclosed ``<!--`` is kept as text."""
    pieces: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) != -1 and (end := text.find("-->", start + 4)) != -1:
        pieces.append(text[position:start])
        position = end + 3
    pieces.append(text[position:])
    return "".join(pieces)


def markdown_to_text(markdown: str) -> str:
    """Plain prose from Markdown: markup, link targets and HTML tags removed, words kept."""
    text = strip_html_comments(markdown)
    text = _MD_FENCE.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_LINK_DEF.sub("", text)
    text = _MD_IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _MD_REF_LINK.sub(lambda m: m.group(1), text)
    text = _HTML_TAG.sub("", text)
    text = _MD_CODE.sub(lambda m: m.group(1), text)
    for emphasis in _MD_EMPHASIS:
        text = emphasis.sub(lambda m: m.group(1), text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_LIST.sub("", text)
    lines = [_ATX_HEADING.sub(_heading_text, line) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()


def _title_from_first_line(body: str) -> tuple[str, str]:
    """Title and remaining body when the first line is a title; a shortened first sentence otherwise."""
    return title_and_body(body)


def _leading_date(body: str) -> tuple[str | None, str]:
    """A ``date 2022-09-06`` / ``Date: 2022-09-06`` marker opening the text: the date, and the text without it."""
    match = _LEADING_DATE.match(body)
    if not match:
        return None, body
    try:
        return dt.date.fromisoformat(match.group(1)).isoformat(), body[match.end() :]
    except ValueError:
        return None, body


def parse_text_article(text: str, input_name: str, *, markdown: bool) -> Article:
    """Split a text file into title, metadata and body."""
    meta, body, meta_note = _front_matter(text.replace("\r\n", "\n"))
    lines = body.splitlines()
    heading, after = _heading_title(lines)
    title = _meta_str(meta, "title")
    if heading is not None:
        title = title or heading
        if title == heading:
            body = "\n".join(lines[after:])
    body = markdown_to_text(body) if markdown or heading is not None else body.strip()
    dateline, body = _leading_date(body)
    if not title:
        if not body:
            raise ReadError("the file has a title but no article text")
        title, body = _title_from_first_line(body)
    if not body.strip():
        raise ReadError("the file has a title but no article text")
    return Article(
        input=input_name,
        title=title,
        text=body,
        source=_meta_str(meta, "source"),
        url=_meta_str(meta, "url") or _meta_str(meta, "link"),
        published=_meta_str(meta, "date") or _meta_str(meta, "published") or dateline,
        author=_meta_str(meta, "author"),
        notes=(meta_note,) if meta_note else (),
    )
