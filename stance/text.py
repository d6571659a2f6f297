"""Sentence splitting that keeps character offsets into the original article."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A period after these does not end a sentence.
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sen", "rep", "gov", "prof", "jr", "sr",
                  "vs", "no", "e.g", "i.e", "u.s", "u.k", "u.n", "e.u", "jan", "feb", "mar", "apr", "jun",
                  "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "inc", "corp", "co"}

# A capitalized word ("Kyiv", "U.S", but not the sentence's final period), and a list of such
# names ending where an actor's mention starts: "the United States, France and " before "Germany".
NAME_WORD = r"[A-Z](?:[\w’'-]|\.(?=\w))*"
NAMES_BEFORE = rf"(?:the\s+)?(?:{NAME_WORD},?\s+(?:and\s+)?){{0,5}}"

# Candidate boundary: end punctuation (and closing quotes) followed by space and a likely sentence start,
# or, in text that lost the space when it was copied, a word's full stop right before a capitalised
# word ("... backed by American aircraft.Britain, France and Australia have ...").
_BOUNDARY = re.compile(r"""[.!?]["'”’)]*(?=\s+["'“‘(]?[A-Z0-9])|(?<=[a-z]{2}[.!?])(?=[“"]?[A-Z][a-z])""")

# Words that start a new sentence even after "U.S." ("...initiated by the U.S. However, ...").
_STARTER = re.compile(r"\s+(?:However|The|He|She|It|This|They|But|In|On|At|Meanwhile)\b")


# A line break inside a sentence, as in text wrapped at a fixed width (copied from a PDF, an e-mail
# or some news sites), does not end it: the next line goes on in lower case, or the line ends with a
# comma or a word no sentence or headline ends with.
_WRAPPED_BEFORE = re.compile(r"(?:[,;(–-]|\b(?i:the|a|an|of|to|in|on|at|for|and|or|but|by|with|from|that|as|"
                             r"has|have|had|is|are|was|were|will|would|said))[ \t\r]*$")
_WRAPPED_AFTER = re.compile(r"[ \t]*[a-z]")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split on line breaks (but not a line wrapped inside a sentence) and sentence-final punctuation,
    skipping abbreviations."""
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _lines(text):
        start = line_start
        for boundary in _BOUNDARY.finditer(text[line_start:line_end]):
            cut = line_start + boundary.end()
            word = re.search(r"([\w.]+)[.!?][\"'”’)]*$", text[start:cut])
            if word and word.group(1).lower() in _ABBREVIATIONS and not _STARTER.match(text, cut):
                continue
            if word and len(word.group(1)) == 1 and word.group(1).isupper():
                continue  # an initial such as "J. Smith"
            spans.append((start, cut))
            start = cut
        spans.append((start, line_end))
    sentences = []
    for start, end in spans:
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        start, end = start + lead, end - trail
        if end > start:
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return sentences


def _lines(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each line, lines wrapped inside a sentence joined."""
    lines, start, physical = [], 0, 0  # physical: where the line before this break begins
    for brk in re.finditer(r"\n", text):
        # The end of that one line is looked at, not the whole joined line: linear in the text.
        wrapped = _WRAPPED_AFTER.match(text, brk.end()) or (
            _WRAPPED_BEFORE.search(text, physical, brk.start()) and text[brk.end():brk.end() + 1].strip())
        if not wrapped:
            lines.append((start, brk.start()))
            start = brk.end()
        physical = brk.end()
    lines.append((start, len(text)))
    return lines
