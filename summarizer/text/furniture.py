"""Page furniture, line by line: bylines, datelines, captions and credits, prompts, nav bars, cookie notices,
"related stories" lists and ad labels. Pure text rules, used by the readers (on each block of a page) and by
:mod:`summarizer.text.cleanup` (on the sentences the engines read).

Every pattern here is linear: bounded repeats, no nested quantifiers, words checked in Python where a regex
would need backtracking."""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_FURNITURE_WORDS = 60
"""A block longer than this is running text: the furniture rules apply to shorter blocks and to sentences."""

AD_LABELS = frozenset(
    {
        "ad",
        "ads",
        "advert",
        "advertisement",
        "advertisements",
        "advertising",
        "advertiser content",
        "article continues below",
        "article continues below advertisement",
        "continue reading below",
        "continue reading the main story",
        "featured advertiser",
        "paid content",
        "paid post",
        "partner content",
        "promoted",
        "promoted content",
        "promoted stories",
        "skip advertisement",
        "sponsored",
        "sponsored content",
        "sponsored links",
        "sponsored post",
        "sponsored stories",
        "story continues below",
        "story continues below advertisement",
    }
)
_AD_PREFIX = re.compile(
    r"^\W{0,3}(?:sponsored|advertisement|advert|ad|paid post|promoted|partner content)\W{0,3}[:|\]]", re.I
)

# A prompt opens the line (or sentence): the reader is asked to do something other than read the story.
_PROMPT = re.compile(
    r"^(?:click (?:here|to|the link)|tap here|read (?:more|next|also|the full|full|our|the latest)\b|also read\b|"
    r"see (?:more|also|all)\b|more (?:from|on|stories|news)\b|related(?: \w+){0,2}\s*:|you (?:may|might) also like|"
    r"don'?t miss\b|recommended\b.{0,40}$|most (?:read|popular|viewed|shared)\b|trending\b|"
    r"watch(?: now| live| the video)?\s*:|listen(?: now)?\s*:|video\s*:|photos?\s*:|gallery\s*:|sign up\b|"
    r"subscribe\b|unsubscribe\b|register (?:now|here|for)|"
    r"log ?in to\b|sign in to\b|download (?:the|our) app|get (?:the|our) (?:app|newsletter|latest)|"
    r"like us on|join (?:us|the conversation|our)\b|share (?:this|on|via|your)\b|please share\b|"
    r"email (?:this|to a friend)|print (?:this|article)\b|order reprints|have a (?:news )?tip\b|got a (?:news )?tip\b|"
    r"originally published (?:on|in|at|by)\b|this (?:story|article|post) (?:was|has been|is) (?:originally )?"
    r"(?:updated|published|corrected|produced|part of)|"
    r"copyright ?(?:©|\(c\)|\d{4})|copyright \S+(?: \S+){0,3},? \d{4}\b|©|\(c\) ?\d{4}|all rights reserved|"
    r"this material may not be|this copy is for your personal|editor'?s note\b|"
    r"to order (?:presentation-ready |multiple )?copies|distribution and use of this material|"
    r"the (?:views|opinions) expressed\b|to revisit this article|by signing up\b|our biggest stories|"
    r"this (?:post|shop|article|content|video) (?:has been|was|is) (?:compensated|sponsored|paid for)\b|disclosure\s*:|"
    r"(?:just a heads up, )?some of the links\b|we may earn (?:a )?(?:small )?commission|"
    r"add to cart|view price|buy now|shop now|loading\b.{0,30}\.\.\.|scroll (?:down|to continue)\b|"
    r"(?:image|photo|picture|video) (?:copyright|caption|credit)s?\b|(?:cover )?image\s*:|pictured\s*:|caption\s*:|"
    r"credits?\s*:|photograph\s*:|\(?photo(?:graph)?s? by\b|media playback is)",
)
# A prompt anywhere in a short line: "... at iReport.", "Subscribe to our newsletter", "delivered to your inbox".
_PROMPT_INSIDE = re.compile(
    r"\bireport\b|\b(?:sign up|subscribe|subscribing)\b.{0,60}\bnewsletters?\b|"
    r"\bnewsletters?\b.{0,20}\b(?:sign up|subscribe)\b|\bdelivered to your inbox\b|\bright in your inbox\b|"
    r"\bfollow (?:us|me|him|her|them)\b.{0,40}(?:\b(?:twitter|facebook|instagram|youtube|linkedin|tiktok|threads)|@)|"
    r"\bmay be reached at\b|\bshare your (?:videos|photos|pictures|stories|story|views|experience)",
)
_FOLLOW = re.compile(r"^follow\b")
_SOCIAL = re.compile(r"\b(?:twitter|facebook|instagram|youtube|linkedin|tiktok|threads|bluesky|mastodon)\b|@\w")
_CREDIT = re.compile(
    r"\b(?:[Gg]etty [Ii]mages|AP [Pp]hoto|AFP [Pp]hoto|[Rr]euters [Pp]hoto|EPA [Pp]hoto|[Ss]hutterstock|[Aa]lamy)\b|"
    r"[A-Za-z]/ ?(?:Getty|AFP|AP|Reuters|EPA|Bloomberg|PA|Xinhua|Anadolu)\b|"
    r"\b(?:[Pp]hoto|PHOTO|[Ii]mage|IMAGE|[Pp]icture)s? ?(?:[Cc]redit)? ?:"
)
_NEWSLETTER_TITLE = re.compile(r"^(?:\S+ ){0,5}newsletters?$")
_CREDIT_PARENS = re.compile(
    r"\s?\((?:photos?|photograph|image|picture|video|credit|pictured|file photo|getty images|ap photo)\b"
    r"[^()\n]{0,120}\)"
    r"|\s?\([^()\n]{0,80}(?:getty images|ap photo|/afp|/reuters|/ap|/epa|shutterstock)[^()\n]{0,60}\)",
    re.I,
)
# A legal or editorial notice goes as a whole line: split into sentences at "Inc." or "p.m.", its pieces would not.
_LEGAL = re.compile(
    r"^(?:©|\(c\) ?\d{4}|™|copyright ?(?:©|\(c\)|\d{4})|copyright \S+(?: \S+){0,3},? \d{4}\b|editor'?s note\b)"
    r"|\ball rights reserved\b",
)
_CLICK_TO_TWEET = re.compile(r"\s?click to tweet\s*$", re.I)
_COOKIES = re.compile(
    r"\b(?:we use cookies|use of cookies|uses cookies|cookie (?:policy|settings|statement|preferences|notice|consent)|"
    r"accept (?:all )?cookies|cookies? (?:policy|preferences|consent)|by continuing to (?:use|browse))\b",
)
_RELATED_HEADING = re.compile(
    r"^(?:related(?: \w+){0,2}|more (?:from|on|in|stories|news|like this)\b.{0,40}|you (?:may|might) also like|"
    r"recommended(?: for you| stories| reading| articles)?|most (?:read|popular|viewed|shared)|"
    r"trending(?: now| stories)?|"
    r"read (?:more|next|also)|also read|see also|further reading|top stories|latest (?:news|stories|headlines)|"
    r"popular (?:stories|posts|articles)|editor'?s picks|what to read next|in other news|around the web|"
    r"(?:more|other) (?:top )?stories|leggi anche|lesen sie auch|(?:à )?lire aussi|leia também|lea también|"
    r"lee también|читайте также|baca juga)\s*:?$",
    re.I,
)
MAX_LABEL_CHARS = 60
MAX_DATE_LINE_CHARS = 200
MAX_CAPTION_CHARS = 400
_NOT_WORD = re.compile(r"[^\w' ]+")
_DIGIT = re.compile(r"\d")
_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n)+")
_LIST_MARKER = re.compile(r"^(?:[-*•–—]+[ \t]+)+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z\"'“‘(])")
# "|" splits items with or without spaces; a dot or bullet only between spaces ("哈立德·泰穆尔" is one name).
_NAV_SEPARATORS = re.compile(r"\||(?<= )[•·»](?= )")
_TOKEN = re.compile(r"[^\W_]+(?:[.:'’][^\W_]+)*\.?")

BYLINE_PARTICLES = frozenset(
    "de da di du del der den van von la le al el bin ibn y mc mac st and & in for with of the by".split()
)
_BYLINE_LEAD = re.compile(
    r"^(?:(?:story|reporting|additional reporting|written|words|text|photos?|compiled|edited|editing|posted|"
    r"published|analysis|opinion|commentary)\s+)?by\b[ \t.:]*",
    re.I,
)
_TIME_WORDS = frozenset(
    "jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october"
    " nov november dec december mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat"
    " saturday sun sunday am pm a.m p.m a.m. p.m. gmt utc bst cet cest est edt cst cdt mst mdt pst pdt et pt ct mt"
    " hkt ist jst aest aedt amt msk sgt updated update published posted last modified first created on at"
    " st nd rd th today yesterday min mins minute minutes hour hours hr hrs ago day days week weeks".split()
)
_DATE_LEAD = re.compile(r"^(?:last )?(?:updated|published|posted|modified|first published|created)\b", re.I)


def strip_list_marker(line: str) -> str:
    """The line without leading list markers ("- - Pizza was..." → "Pizza was...")."""
    return _LIST_MARKER.sub("", line.strip())


def is_ad_label(text: str) -> bool:
    """Whether ``text`` is an advertising label ("Advertisement", "Featured Advertiser", "Sponsored: ...")."""
    if _AD_PREFIX.match(text.strip()):
        return True
    if len(text) > MAX_LABEL_CHARS:
        return False
    return " ".join(_NOT_WORD.sub(" ", text).split()).casefold() in AD_LABELS


def is_byline(line: str) -> bool:
    """Whether the line is a byline: "By Jane Doe and Sam Roe, CNN", "By . Daily Mail Reporter .", "By"."""
    text = strip_list_marker(line).strip(" .:-—–")
    lead = _BYLINE_LEAD.match(text)
    if lead is None or len(text) > 160 or not text[0].isupper():  # "by the Senate" goes on a sentence
        return False
    rest = text[lead.end() :].replace(" . ", " ").strip(" .")
    if not rest:
        return True
    words = [w for w in re.split(r"[\s,;|&]+", rest) if w]
    if not words or len(words) > 14:
        return False
    return all(_name_word(w) for w in words)


def _name_word(word: str) -> bool:
    word = word.strip("().'’\"")
    if not word:
        return True
    return word[0].isupper() or word.startswith("@") or word.casefold() in BYLINE_PARTICLES


def is_date_line(line: str) -> bool:
    """Whether the line is only a date, time or "Updated ..." stamp, maybe followed by a byline."""
    text = strip_list_marker(line)
    if len(text) > MAX_DATE_LINE_CHARS or not (_DIGIT.search(text) or _DATE_LEAD.match(text)):
        return False
    head, sep, tail = text.partition(" by ")
    if sep and not is_byline("By " + tail):
        return False
    tokens = _TOKEN.findall(head)
    if not tokens or len(tokens) > 16:
        return False
    has_number = any(t[0].isdigit() for t in tokens)
    known = all(t.rstrip(".").casefold() in _TIME_WORDS or t[0].isdigit() or _is_zone(t) for t in tokens)
    return known and (has_number or bool(_DATE_LEAD.match(head)))


def _is_zone(token: str) -> bool:
    return 2 <= len(token) <= 4 and token.isalpha() and token.isupper() and token.endswith("T")


def is_nav_bar(line: str) -> bool:
    """Whether the line is a run of short items split by | or • ("Home | Video | World | U.S. | ...")."""
    text = line.strip()
    if text.startswith("|"):  # a table row, as trafilatura writes tables
        return False
    items = [item.strip() for item in _NAV_SEPARATORS.split(text) if item.strip()]
    if len(items) < 3:
        return False
    lengths = [len(item.split()) for item in items]
    return max(lengths) <= 6 and sum(lengths) / len(lengths) <= 3.5 and max(map(len, items)) <= 40


def is_prompt(sentence: str) -> bool:
    """Whether a sentence asks the reader to click, share, subscribe, follow, read more... (or is a credit line)."""
    text = strip_list_marker(sentence).lower()  # the patterns are lower case: no IGNORECASE, ten times faster
    if _PROMPT.match(text) or _PROMPT_INSIDE.search(text) or _NEWSLETTER_TITLE.match(text):
        return True
    return bool(_FOLLOW.match(text) and _SOCIAL.search(text))


def is_caption_line(line: str) -> bool:
    """Whether a short line is a photo caption or credit ("Smith arrives in Paris. (Photo: AFP/Getty Images)")."""
    text = strip_list_marker(line)
    return len(text) <= MAX_CAPTION_CHARS and len(text.split()) <= 40 and bool(_CREDIT.search(text))


def is_related_heading(line: str) -> bool:
    """Whether the line heads a list of other stories ("Related stories", "More from CNN", "Read more:")."""
    return bool(_RELATED_HEADING.match(strip_list_marker(line)))


def is_furniture_line(line: str) -> bool:
    """Whether a whole line (a block of a page) is furniture by its form: an ad label, a byline, a date stamp,
    a nav bar, a caption or credit, a cookie notice, a "Related stories" heading."""
    text = strip_list_marker(line)
    if not text:
        return False
    if len(text.split()) > MAX_FURNITURE_WORDS:
        return False
    return (
        is_ad_label(text)
        or is_byline(text)
        or is_date_line(text)
        or is_nav_bar(text)
        or is_caption_line(text)
        or is_related_heading(text)
        or bool(_COOKIES.search(text.lower()) or _LEGAL.search(text.lower()))
    )


def is_furniture(sentence: str) -> bool:
    """Whether one sentence is furniture: any line rule, or a prompt (click, share, subscribe, follow, read more)."""
    return is_furniture_line(sentence) or is_prompt(sentence)


def strip_credits(text: str) -> str:
    """Text without inline photo credits ("(Photo: AFP/Getty Images)") and "Click To Tweet" buttons."""
    if "(" in text:
        text = _CREDIT_PARENS.sub("", text)
    return _CLICK_TO_TWEET.sub("", text) if "weet" in text else text


def split_short_sentences(line: str) -> list[str]:
    """A short line's sentences, split on end punctuation followed by a capital (no model: furniture is short)."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        pieces.append(line[start : match.start()].strip() if match.start() > start else "")
        start = match.end()
    pieces.append(line[start:].strip())
    return [p for p in pieces if p]


def _headline_like(line: str) -> bool:
    text = strip_list_marker(line)
    return len(text.split()) <= 16 and not text.endswith((".", "!", "?", '"', "”", ":"))


def _clean_line(line: str) -> str:
    """A kept line without its furniture sentences; empty when all that is left is furniture's lead-in question."""
    if len(line.split()) > MAX_FURNITURE_WORDS:
        return strip_credits(line)
    sentences = split_short_sentences(line)
    kept = [s for s in sentences if not is_furniture(s)]
    if len(kept) == len(sentences):
        return strip_credits(line)
    if all(s.endswith("?") for s in kept):
        return ""  # "Are you in the storm? Share your photos at iReport." goes as a whole
    return strip_credits(" ".join(kept))


def drop_furniture(text: str) -> str:
    """``text`` (blocks separated by line breaks) without its furniture lines and sentences."""
    return _BLANK_RUN.sub("\n\n", "\n".join(_kept_lines(text.split("\n"))))


def _kept_lines(lines: list[str]) -> Iterator[str]:
    in_related = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            yield line
            continue
        if is_related_heading(stripped):
            in_related = True
            continue
        if in_related and _headline_like(stripped):
            continue
        in_related = False
        if is_furniture_line(stripped):
            continue
        cleaned = _clean_line(stripped)
        if cleaned:
            yield cleaned
