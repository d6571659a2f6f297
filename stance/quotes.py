"""Quotations and who speaks them: "“We are ready,” Tusk said." or "Sybiha responded: “...”"."""

from __future__ import annotations

import re

SPEECH = r"(?:said|says|told|tells|added|adds|stated|states|declared|insisted|stressed|warned|noted|wrote|" \
         r"explained|emphasi[sz]ed|argued|replied|responded|announced|underlined|asked|pointed out|reiterated|" \
         r"remarked|commented|affirmed|claimed)"
QUOTE_MARKS = "“”\""
# Speech verbs whose object is the one spoken to: "told Macron: “" does not name the speaker.
ADDRESSING = ("told", "tells", "asked")
# A quotation within one paragraph: a news quote running over several paragraphs opens each of
# them and closes only the last, so pairing marks across paragraphs would pair the wrong ones.
_QUOTATION = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"")

_TITLE_WORDS = r"(?:[A-Z][\w.’'-]*\s+){0,4}"
# After a quote: "...,” Tusk told reporters", "...,” Prime Minister Donald Tusk said", "...,” said Meloni".
_BEFORE_SPEAKER = re.compile(rf",?\s+{_TITLE_WORDS}")
# "...,” Kyiv Foreign Minister Andrii Sybiha said": the country that owns the speaker's title speaks too.
_VERB_AFTER_SPEAKER = re.compile(rf"(?:['’]s)?\s+{_TITLE_WORDS}(?:[a-z]\w*\s+)?{SPEECH}\b")
_VERB_BEFORE_SPEAKER = re.compile(rf",?\s+{SPEECH}\s+{_TITLE_WORDS}")
# Before a quote: "Tusk said: “", "Tusk told reporters in Warsaw: “", "said Tusk: “", "Sybiha responded:\n\n“".
_VERB_AFTER_INTRODUCER = re.compile(rf"(?:\s+\w+)?\s+{SPEECH}(?:\s+[\w’'-]+){{0,5}}\s*[:,]\s*")
# "said Tusk: “" names the speaker, but "told Macron: “" names the one spoken to.
_VERB_BEFORE_INTRODUCER = re.compile(rf"\b(?!{'|'.join(ADDRESSING)}){SPEECH}\s+{_TITLE_WORDS}$")
_COLON = re.compile(r"\s*[:,]\s*")


def quotations(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each quotation in `text`, its marks included."""
    return [match.span() for match in _QUOTATION.finditer(text)]


def speaks_after(text: str, close: int, start: int, end: int) -> bool:
    """Whether the name at [start, end) speaks the quote whose closing mark ends at `close`."""
    if _VERB_BEFORE_SPEAKER.fullmatch(text, close, start):
        return True
    return bool(_BEFORE_SPEAKER.fullmatch(text, close, start) and _VERB_AFTER_SPEAKER.match(text, end))


def speaks_before(text: str, start: int, end: int, opening: int) -> bool:
    """Whether the name at [start, end) introduces the quote that opens at `opening`."""
    if _VERB_AFTER_INTRODUCER.fullmatch(text, end, opening):
        return True
    before = _VERB_BEFORE_INTRODUCER.search(text, max(0, start - 120), start)
    return bool(before and _COLON.fullmatch(text, end, opening))
