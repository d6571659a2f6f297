"""Candidate (actor, topic, sentence) triples: the pairs that can carry a stance.

A sentence is about a topic when it uses one of the topic's phrasings; a sentence with
stance words or a noun pointing back ("Among those opposed are Italy...", "open to the
idea", "such a scenario") but no phrasing inherits the topic named last in the sentences
just before it, and keeps the phrase that named it for the model to read. A topical sentence
without an actor of its own ("It envisages the deployment of troops") takes the actors of the
sentence before it, and then that sentence is part of the evidence, except those that already
state the topic there: each actor has one statement per topic and sentence. A topic named
only as the frame of another ("troops ... after a ceasefire") is not a topic of the sentence,
and the one appealed to or talked with ("Finland urged Russia to accept a ceasefire", "after
talks with Russia") takes no stance in it.
Every sentence of a quotation is its speaker's: "Sybiha responded: “If Russia truly wants
peace, it must cease fire immediately.”" pairs Sybiha with the ceasefire, the sentence that
names him being part of the evidence, and a paragraph that opens with an unattributed quote goes on
with the speaker of the paragraph before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from stance.actors import Actor, Mention, registry
from stance.quotes import quotations, speaks_after, speaks_before
from stance.schema import Topic, topics
from stance.text import NAME_WORD, NAMES_BEFORE, Sentence, split_sentences

# How many sentences a topic carries over to sentences that only say "opposed", "only", ...
TOPIC_CARRY = 3
# How many sentences a quotation's speaker reaches, counted from the sentence that names them.
QUOTE_REACH = 3
# A sentence with no topic of its own takes the carried ones when it has stance words ("Among
# those opposed are...") or a noun pointing back to a topic named before ("open to the idea", "the
# agreement"); "agreement" alone does not ("a new defence agreement with the UK"), nor support
# received ("fearing they cannot count on support from Washington").
_TAKES_CARRIED_TOPIC = re.compile(
    r"\b(?:support\w*(?!\s+from)|oppos\w*|reject\w*|refus\w*|rule[sd]? out|only|ready|willing|prepared|on board|"
    r"back(?:s|ed|ing)?|agree[sd]?|agreeing|accept\w*|dismiss\w*|block\w*|commit\w*|pledge\w*|demand\w*|in principle)\b"
    r"|\b(?:the|this|that) idea\b|\b(?:the|this|that)(?: \w+)? agreement\b"
    r"|\bsuch (?:a |an )?(?:scenario|move|step|measure|deployment|mission|force|plan|option|guarantees?|truce|pause)\b",
    re.IGNORECASE,
)


# A topic named only as the time or setting of another ("troops ... after a ceasefire", "as
# part of a ceasefire agreement") is not a position on it.
_FRAME_BEFORE = re.compile(
    r"\b(?:after|following|once|in the event of|as part of|until|role in)\s+"
    r"(?:(?:a|an|any|the|its|possible|potential|eventual|future|lasting)\s+)*$",
    re.IGNORECASE,
)


# The one appealed to or talked with takes no stance of its own: "Finland urged Russia to accept a
# ceasefire", "to convince Russia to accept", "to urge Russian President Vladimir Putin to agree",
# "demanded that Moscow accept"; "signalled in discussions with Ukrainian and Russian officials that
# it is open to deploying", "Trump's renewed contacts with Russian counterpart Vladimir Putin".
_ADDRESSED = re.compile(
    r"\b(?:urg(?:e|es|ed|ing)|call(?:s|ed|ing)?\s+on|convinc(?:e|es|ed|ing)|persuad(?:e|es|ed|ing)|"
    r"(?<!the )press(?:es|ed|ing)?|pressur(?:e|es|ed|ing)|encourag(?:e|es|ed|ing)|demand(?:ed|ing)\s+that|"
    r"(?i:talks|discussions|consultations|meetings?|calls?|conversations?|negotiations|contacts?)\s+with"
    rf"(?:\s+(?:his|her|their))?(?:\s+{NAME_WORD}\s+counterparts?)?)\s+"
    rf"(?:both\s+)?{NAMES_BEFORE}$"
)


# A sentence ends with a full stop, question or exclamation mark; a headline does not.
_ENDS = re.compile(r"[.!?][\"'”’)]*$")

# From where a quote closes to where the next opens: the rest of its sentence, then a new paragraph.
_NEXT_PARAGRAPH = re.compile(r"[^\n“”\"]*\n\s*")


@dataclass(frozen=True)
class TopicMatch:
    topic: str
    start: int
    end: int
    reversed: bool  # a counter cue: supporting it means opposing the topic


@dataclass(frozen=True)
class Candidate:
    """One actor mention paired with one topic in one sentence (plus context)."""

    actor: Actor
    mention: Mention
    topic: str
    sentence: Sentence
    context_start: int  # evidence span: the sentence, or the sentence before it as well
    context_end: int
    cues: tuple[TopicMatch, ...]  # empty when the topic was carried over
    quoted: bool = False  # the sentence is a quote whose speaker is named in another sentence
    referent: str = ""  # for a carried topic: the phrase that named it ("coalition of the willing")

    def evidence(self, text: str) -> str:
        return text[self.context_start:self.context_end]


@dataclass
class Article:
    """An article split once into sentences, mentions and topic matches."""

    text: str
    sentences: list[Sentence]
    mentions: list[Mention]
    topic_matches: dict[int, list[TopicMatch]]  # by sentence index
    # Training keeps what inference leaves out: frames and the one addressed as `none` examples, a
    # headline's borrowed actors, and a second reading of an actor's statement with its label.
    for_training: bool = False

    @classmethod
    def parse(cls, text: str, for_training: bool = False) -> Article:
        sentences = split_sentences(text)
        mentions = registry().find_mentions(text, sentences)
        matches = {s.index: find_topic_matches(s, topics(), for_training) for s in sentences}
        return cls(text, sentences, mentions, matches, for_training)

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        by_sentence: dict[int, list[Mention]] = {}
        for mention in self.mentions:
            if self.for_training or not self.addressed(mention):
                by_sentence.setdefault(mention.sentence, []).append(mention)
        speakers = self.quote_speakers()
        carried: dict[str, tuple[int, str]] = {}  # topic -> sentences since its last cue, and that cue
        for sentence in self.sentences:
            own = self.topic_matches[sentence.index]
            carried = {t: (age + 1, cue) for t, (age, cue) in carried.items() if age + 1 <= TOPIC_CARRY}
            carried.update({m.topic: (0, self.text[m.start:m.end]) for m in own})
            topic_names = {m.topic for m in own}
            # "the idea", "those opposed" point back to the topic named last, not to every recent one.
            if not topic_names and _TAKES_CARRIED_TOPIC.search(sentence.text) and carried:
                latest = min(age for age, _ in carried.values())
                topic_names = {t for t, (age, _) in carried.items() if age == latest}
            if not topic_names:
                continue
            mentions = by_sentence.get(sentence.index, [])
            context_start = sentence.start
            borrowed = False
            # Borrow the previous sentence's actors only for a sentence that names the topic itself,
            # and not for a headline ("Energy Ceasefire Deal Quick Looks", a related story's title).
            if not mentions and own and sentence.index > 0 and (self.for_training or _ENDS.search(sentence.text)):
                mentions = by_sentence.get(sentence.index - 1, [])
                context_start = self.sentences[sentence.index - 1].start
                borrowed = True
            # A quote's speaker first: the speaker named in the sentence before is then read as such.
            spans = [(m, start, end, True) for m, start, end in speakers.get(sentence.index, [])] + \
                [(m, context_start, sentence.end, False) for m in mentions]
            for topic in sorted(topic_names):
                cues = tuple(m for m in own if m.topic == topic)
                referent = "" if cues else carried[topic][1]
                seen: set[Actor] = set()
                # One statement per actor, topic and sentence: an actor whose own sentence already
                # states this topic is not counted again for the sentence that borrows it.
                stated = set() if self.for_training or not borrowed else {
                    c.actor for c in found if c.topic == topic and c.sentence.index == sentence.index - 1}
                for mention, start, end, quoted in spans:
                    if not quoted and mention.actor in stated:
                        continue
                    if mention.actor not in seen:
                        seen.add(mention.actor)
                        found.append(Candidate(mention.actor, mention, topic, sentence, start, end, cues, quoted,
                                               referent))
        return found

    def addressed(self, mention: Mention) -> bool:
        """Whether its own sentence names the mention as the one urged, pressed, called on or talked with."""
        return bool(_ADDRESSED.search(self.text, self.sentences[mention.sentence].start, mention.start))

    def quote_speakers(self) -> dict[int, list[tuple[Mention, int, int]]]:
        """For each sentence of a quotation that does not name its speaker: the speaker's mention
        and the evidence span from the quote's sentence to the speaker's."""
        found: dict[int, list[tuple[Mention, int, int]]] = {}
        previous: tuple[Mention, int] | None = None  # the last quote's speaker and where that quote closed
        for opening, close in quotations(self.text):
            inside = [s for s in self.sentences if s.start < close and opening < s.end]
            if not inside:
                continue
            first, last = inside[0].index, inside[-1].index
            # The introducer shares the quote's first sentence or, when the quote opens it, ends the one before.
            intro = first - 1 if first > 0 and self.sentences[first].start == opening else first
            introducers = [m for m in self.mentions if m.sentence == intro and m.end <= opening
                           and speaks_before(self.text, m.start, m.end, opening)]
            closers = [m for m in self.mentions if m.sentence == last and m.start >= close
                       and speaks_after(self.text, close, m.start, m.end)]
            speaker = introducers[-1] if introducers else closers[0] if closers else None
            # A paragraph that opens with an unattributed quote goes on with the last paragraph's speaker.
            if speaker is None and previous and _NEXT_PARAGRAPH.fullmatch(self.text, previous[1], opening):
                speaker = previous[0]
            if speaker is None:
                previous = None
                continue
            previous = speaker, max(close, self.sentences[speaker.sentence].end)
            said = self.sentences[speaker.sentence]
            for sentence in inside:
                if sentence.index != said.index and abs(sentence.index - said.index) <= QUOTE_REACH:
                    span = (speaker, min(sentence.start, said.start), max(sentence.end, said.end))
                    found.setdefault(sentence.index, []).append(span)
        return found


@lru_cache(maxsize=16)
def _cue_pattern(phrases: tuple[str, ...], patterns: tuple[str, ...]) -> re.Pattern | None:
    """One expression for a topic's phrases (longest first) and its patterns, on word boundaries."""
    if not phrases and not patterns:
        return None
    alternation = "|".join([re.escape(p) for p in sorted(phrases, key=len, reverse=True)] +
                           [f"(?:{p})" for p in patterns])
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


def find_topic_matches(sentence: Sentence, all_topics: dict[str, Topic], keep_frames: bool = False) -> list[TopicMatch]:
    matches = []
    for topic in all_topics.values():
        for phrases, patterns, is_reversed in ((topic.cues, topic.patterns, False),
                                               (topic.counter_cues, topic.counter_patterns, True)):
            pattern = _cue_pattern(phrases, patterns)
            if pattern is None:
                continue
            for m in pattern.finditer(sentence.text):
                start, end = sentence.start + m.start(), sentence.start + m.end()
                matches.append(TopicMatch(topic.name, start, end, is_reversed))
    return matches if keep_frames else _without_frames(sentence, matches)


def _without_frames(sentence: Sentence, matches: list[TopicMatch]) -> list[TopicMatch]:
    """Drop the topics a sentence names only inside another topic's phrase or as its frame,
    when it states another topic; a sentence that only frames keeps them all."""
    def framed(m: TopicMatch) -> bool:
        inside = any(o.topic != m.topic and o.start <= m.start and m.end <= o.end for o in matches)
        return inside or bool(_FRAME_BEFORE.search(sentence.text[:m.start - sentence.start]))

    stated = {m.topic for m in matches if not framed(m)}
    return [m for m in matches if m.topic in stated] if stated else matches
