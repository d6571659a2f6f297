"""How a candidate becomes the classifier's input pair; shared by training and inference.

The pair is (hypothesis, premise): "stance of Poland on sending peacekeeping troops to
Ukraine" against the sentence with the actor's mention marked "[ Poland ]", so the model
reads what the sentence says about that mention, not which country it is. Where a contrast
opens a clause with a subject of its own ("Italy is opposed, while Poland offers only
logistical support"), the model reads only the actor's clause. A speaker named after the quote
("“We are ready,” Tusk said.") is read before it ("Tusk said: “We are ready.”").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stance.candidates import Candidate
from stance.quotes import QUOTE_MARKS, speaks_after
from stance.schema import topics

MARK_OPEN, MARK_CLOSE = "[ ", " ]"

# ", while Poland ...", ", whereas Germany ...", "; Russia ...": a contrast followed by a capital
# starts a clause about someone else. Without the cut the model, which trains on few sentences
# that join two actors' positions, gave Italy conditional and Poland none in the example above.
# ", but Russia ..." cuts one way only. The clause after it is its subject's own ("Germany backed a
# ceasefire, but Russia rejected it": Russia is judged on "Russia rejected it"), but it often states
# a condition on the actor before it ("would back a ceasefire, but Russia must first withdraw"),
# so an actor before ", but" keeps the whole sentence.
_CONTRAST = re.compile(r"(?:,\s+(?:while|whereas|(?P<but>but))|;)\s+(?=[A-Z])")


@dataclass(frozen=True)
class Pair:
    hypothesis: str
    premise: str


def make_pair(context: str, mention_start: int | None, mention_end: int | None, actor: str, topic: str) -> Pair:
    """Mark the mention at [mention_start, mention_end) of `context`, in its clause, and phrase the hypothesis."""
    if mention_start is not None and mention_end is not None and 0 <= mention_start < mention_end <= len(context):
        context, mention_start, mention_end = speaker_first(context, mention_start, mention_end)
        context, mention_start, mention_end = actor_clause(context, mention_start, mention_end)
        mention = context[mention_start:mention_end]
        context = context[:mention_start] + MARK_OPEN + mention + MARK_CLOSE + context[mention_end:]
    return Pair(f"stance of {actor} on {topics()[topic].hypothesis}", context)


def speaker_first(context: str, start: int, end: int) -> tuple[str, int, int]:
    """Move an attribution that names the mention after a closing quote in front of the quote."""
    close = max(context.rfind("”", 0, start), context.rfind('"', 0, start))
    if close < 0 or any(q in context[close + 1:start] + context[end:] for q in QUOTE_MARKS) \
            or not speaks_after(context, close + 1, start, end):
        return context, start, end
    before, after = context[close + 1:start], context[end:]
    opening = max(context.rfind("“", 0, close), context.rfind('"', 0, close))
    quote_start = max(opening, 0)  # no opening mark: the quote began in an earlier sentence
    quote = context[quote_start:close].rstrip(",")
    quote = (quote if opening >= 0 else "“" + quote) + ("" if quote[-1:] in ".!?" else ".") + context[close]
    # "Pavel said, adding that ...": the attribution ends at its first comma or at the sentence's
    # end; the rest follows the quote.
    stop = re.search(r",|[.!?](?:\s|$)|$", after)
    attribution_end = end + stop.start()
    attribution_start = close + 1 + len(before) - len(before.lstrip(", "))
    rest = context[attribution_end:]
    rest = "" if re.fullmatch(r"[.!?]?\s*", rest) else rest.removeprefix(".")
    head = context[:quote_start] + context[attribution_start:attribution_end] + ": "
    new_start = quote_start + start - attribution_start
    return head + quote + rest, new_start, new_start + (end - start)


def actor_clause(context: str, start: int, end: int) -> tuple[str, int, int]:
    """The contrast clause of `context` that holds the mention at [start, end), and its new offsets."""
    begin, stop = 0, len(context)
    for contrast in _CONTRAST.finditer(context):
        if contrast.end() <= start:
            begin = contrast.end()
        elif contrast.start() >= end and not contrast["but"]:
            stop = contrast.start()
            break
    return context[begin:stop], start - begin, end - begin


def candidate_pair(text: str, candidate: Candidate) -> Pair:
    start = candidate.context_start
    mention = candidate.mention
    inside = start <= mention.start and mention.end <= candidate.context_end
    return make_pair(
        text[start:candidate.context_end],
        mention.start - start if inside else None,
        mention.end - start if inside else None,
        mention.text,
        candidate.topic,
    )


def free_pair(text: str, actor: str, topic: str) -> Pair:
    """A pair for a caller-given sentence and actor (the /classify endpoint)."""
    at = text.find(actor)
    return make_pair(text, at if at >= 0 else None, at + len(actor) if at >= 0 else None, actor, topic)
