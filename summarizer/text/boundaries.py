"""Where sentences end in one paragraph: a rule-based splitter in linear time, built on pysbd's rules for English
(its abbreviation lists, quotations and brackets) at a fortieth of the CPU, with news quirks added: a quotation
running over several paragraphs, sentences glued together by scraping, a wrapped line's "Mr .".

A sentence ends at ``.``, ``!``, ``?`` or an ellipsis (closing quotes and brackets go with it) followed by white
space, unless the next word starts in lower case, the full stop closes an abbreviation ("Mr.", "Jan. 5", "U.S.
officials", "J. K. Rowling"), or the mark sits inside a quotation or brackets that close later. A line break always
ends a sentence, and so does Chinese and Japanese ``。``, ``！`` or ``？`` (no space after it) outside quotations."""

from __future__ import annotations

import re
from bisect import bisect_right

# pysbd's English lists (pragmatic segmenter), lower case, without the final full stop.
# pysbd: MIT License, Copyright (c) 2019 Nipun Sadvilkar (https://github.com/nipunsadvilkar/pySBD).
ABBREVIATIONS = frozenset(
    "adj adm adv al ala alta apr arc ariz ark art assn asst attys aug ave bart bld bldg blvd brig bros btw cal calif "
    "capt cl cmdr co col colo comdr con conn corp cpl cres ct d.phil dak dec del dept det dist dr dr.phil dr.philos "
    "drs e.g ens esp esq etc exp expy ext feb fed fla ft fwy fy ga gen gov hon hosp hr hway hwy i.e ia id ida ill inc "
    "ind ing insp is jan jr jul jun kan kans ken ky la lt ltd maj man mar mass may md me med messrs mex mfg mich min "
    "minn miss mlle mm mme mo mont mr mrs ms msgr mssrs mt mtn neb nebr nev no nos nov nr oct ok okla ont op ord ore "
    "p pa pd pde penn penna pfc ph ph.d pl plz pp prof pvt que rd rs ref rep reps res rev rt sask sec sen sens sep "
    "sept sfc sgt sr st supt surg tce tenn tex univ usafa u.s ut va v ver viz vs vt wash wis wisc wy wyo yuk "
    "fig".split()
)
# Titles: never the end of a sentence ("Dr. Smith", "Gov. Brown", "St. Louis").
PREPOSITIVE = frozenset(
    "adm attys brig capt cmdr col cpl det dr gen gov ing lt maj mr mrs ms mt messrs mssrs prof ph rep reps rev sen "
    "sens sgt st supt v vs fig".split()
)
# Before a number they never end a sentence ("No. 10", "pp. 4-6").
BEFORE_NUMBERS = frozenset("art ext no nos p pp".split())
# "U.S." ends a sentence only when a word that usually starts one follows ("... in the U.S. The ...").
COUNTRY_INITIALS = frozenset({"U.S", "U.K", "E.U", "U.S.A"})
SENTENCE_STARTERS = frozenset(
    "A Being Did For He How However I In It Millions More She That The There They We What When Where Who Why".split()
)

# Quotations and brackets within one line: a full stop inside them does not end the sentence. A quotation mark
# that closes is glued to the word before it, one that opens to the word after it, so that news quoting several
# paragraphs (each one opening with a quotation mark, only the last one closing) is not taken as one quotation.
_QUOTED = re.compile(
    r"\"(?=\S)[^\"\n]*(?<=\S)\"|“[^“”\n]*”|\([^()\n]*\)|\[[^\[\]\n]*\]"
    r"|(?<![^\s(\[])'(?=[^\s\d])(?:[^'\n]|(?<=\w)'(?=\w))*(?<=\S)'(?!\w)"
    r"|(?<![^\s(\[])‘(?=[^\s\d])(?:[^‘’\n]|(?<=\w)’(?=\w))*’(?!\w)"
)
# A candidate end: the marks, what closes with them, then the white space up to the next word (or none: scraped
# text glues sentences together as in "...the club!Bayern Munich" or "(Celtic).In").
_CANDIDATE = re.compile(r"(\.(?: ?\.){2,}|…|[.!?]+)([\"'”’)\]]*)(\s*)")
_STRAY_CLOSER = re.compile(r"[\"'”’](?:\s+|$)")  # "... most. ' The" (a space too many): it closes the sentence
_GLUED_NEXT = re.compile(r"[A-Z\"“‘']")
_LINE_BREAK = re.compile(r"\n\s*")
_WORD_BEFORE = re.compile(r"([^\s\"'“”‘’(\[]+) ?$")  # "Mr ." (a wrapped line) is "Mr."
_NEXT_WORD = re.compile(r"([\"'“‘(\[]*)([^\s\"'“”‘’()\[\].,;:!?]*)")
_LONGEST_WORD = 40  # the word before a full stop is looked for this far back: no abbreviation is longer
_MULTI_PERIOD = re.compile(r"[A-Za-z](?:\.[A-Za-z])+")
# Chinese and Japanese: a full-width full stop, "！" or "？" ends a sentence with no space after it, except inside
# 「…」 or 『…』 (a quotation of several sentences) or “…”.
_CJK_END = re.compile(r"[。！？]+[」』）”’]*\s*")
_CJK_QUOTED = re.compile(r"「[^「」\n]*」|『[^『』\n]*』")


def sentence_ends(paragraph: str) -> list[int]:
    """The offsets where the sentences of ``paragraph`` end, trailing white space included; the last one is
    ``len(paragraph)``."""
    quoted = [m.span() for m in _QUOTED.finditer(paragraph)]
    starts = [s for s, _ in quoted]
    ends = {m.end() for m in _LINE_BREAK.finditer(paragraph)}  # a line break always ends a sentence
    for match in _CANDIDATE.finditer(paragraph):
        end = _sentence_end(paragraph, match, quoted, starts)
        if end is not None:
            ends.add(end)
    ends.update(_cjk_ends(paragraph, quoted, starts))
    return sorted(e for e in ends if 0 < e < len(paragraph)) + [len(paragraph)]


def _cjk_ends(paragraph: str, quoted: list[tuple[int, int]], starts: list[int]) -> list[int]:
    """Where Chinese or Japanese sentences end: after ``。！？`` and what closes with them, outside quotations."""
    if not _CJK_END.search(paragraph):
        return []
    cjk_quoted = [m.span() for m in _CJK_QUOTED.finditer(paragraph)]
    cjk_starts = [s for s, _ in cjk_quoted]
    return [
        match.end()
        for match in _CJK_END.finditer(paragraph)
        if not _inside_quote(match.start(), match.end(), quoted, starts)
        and not _inside_quote(match.start(), match.end(), cjk_quoted, cjk_starts)
    ]


def _inside_quote(position: int, close_end: int, quoted: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether ``position`` lies in a quotation that does not close before ``close_end``."""
    i = bisect_right(starts, position) - 1
    if i < 0:
        return False
    start, end = quoted[i]
    return start < position < end and end > close_end


def _closes_quote(position: int, quoted: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether the quotation mark at ``position`` closes a quotation."""
    i = bisect_right(starts, position) - 1
    return i >= 0 and quoted[i][1] == position + 1


def _sentence_end(paragraph: str, match: re.Match[str], quoted: list[tuple[int, int]], starts: list[int]) -> int | None:
    """Where the sentence ends if the candidate ``match`` (marks, closers, white space) ends one, else ``None``."""
    marks, closers, space = match.groups()
    end = match.end()
    if end >= len(paragraph) or _inside_quote(match.start(), match.end(2), quoted, starts):
        return None
    if not space:  # glued: only before a capital or a quotation mark, after closers, "!", "?" or a bracket
        glued = match.start() > 0 and paragraph[match.start() - 1] in ")]"
        if not (_GLUED_NEXT.match(paragraph, end) and (closers or marks[0] in "!?" or glued)):
            return None
        if closers in ("'", '"') and not _closes_quote(match.start(2), quoted, starts):
            end = match.start(2)  # a glued straight quotation mark that closes nothing opens the next sentence
    stray = _STRAY_CLOSER.match(paragraph, end) if space else None
    if stray:
        end = stray.end()
        if end >= len(paragraph):
            return None
    following = _NEXT_WORD.match(paragraph, end)
    opened, next_word = (following.group(1), following.group(2)) if following else ("", "")
    if next_word[:1].islower() or paragraph[end] in ",;:":
        return None
    if marks[0] in "!?" or (marks == "." and closers):
        return end
    if marks != ".":  # an ellipsis ends a sentence only before a capital
        return end if next_word[:1].isupper() else None
    before = _WORD_BEFORE.search(paragraph, max(0, match.start() - _LONGEST_WORD), match.start())
    return end if _period_ends_sentence(before.group(1) if before else "", next_word, bool(opened)) else None


def _period_ends_sentence(word: str, next_word: str, quote_follows: bool) -> bool:
    """Whether a full stop after ``word`` ends the sentence, ``next_word`` following (after an opening quote when
    ``quote_follows``)."""
    lower = word.lower()
    if len(word) == 1 and word.isupper():
        return False  # an initial: "George W. Bush"
    if _MULTI_PERIOD.fullmatch(word) or ("." in lower and lower in ABBREVIATIONS):
        if word in COUNTRY_INITIALS:
            return next_word in SENTENCE_STARTERS
        if lower in ("a.m", "p.m"):
            return next_word[:1].isupper()
        return False
    if lower in PREPOSITIVE:
        return False
    if lower in ABBREVIATIONS:
        return next_word[:1].isupper() or (quote_follows and lower not in BEFORE_NUMBERS)
    return True
