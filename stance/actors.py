"""Who takes stances: the actor registry and the mentions of actors in an article.

Countries are recognised by name, demonym + group noun ("British officials", "Russian
demands", each of "British and German officials") and metonyms ("the Kremlin",
"Washington"); people by the registry or when introduced as "<demonym> <title> <Name>";
later short references ("Meloni", "the French leader", "his country", a sentence-initial
"He") resolve to the actor the text last introduced.
A country named as a place ("a meeting in Paris", "talks in Saudi Arabia") is not a mention;
after a state's form, an office or a stance noun it is ("the Republic of Moldova urges").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from stance.paths import DATA_DIR
from stance.quotes import SPEECH
from stance.text import Sentence

_NAME_TOKEN = r"[A-ZÀ-Ý][\w\-À-ÿ]+"
# A name stays within its line: "Andrii Sybiha\n\nWashington" is two names.
_NAME = rf"{_NAME_TOKEN}(?:[ \t]+(?:(?:de|von der|van|van der|bin|al|Le|La)[ \t]+)?{_NAME_TOKEN}){{1,2}}"
# A name after one of these is a place or an object, not someone taking a stance.
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|to|from|into|across|near|within|on|for|against|of|toward|towards|inside|outside|over|via|"
    r"visited|visit|visiting|around|throughout|bordering|neighbou?ring)\s+(?:the\s+)?$"
)
# ...except after a state's form, an office (or offices) or a stance noun: "The Republic of Moldova urges",
# "the President of the European Commission noted", "the willingness of Türkiye to send troops".
_HOLDER_BEFORE = re.compile(
    r"\b(?:Republic|Kingdom|Grand Duchy|Principality|[Gg]overnments?|[Pp]residents?|[Pp]rime [Mm]inisters?|"
    r"[Cc]hancellors?|[Mm]inisters?|[Mm]inistry|[Mm]inistries|[Ll]eaders?|[Hh]eads?|willingness|readiness|refusal|decision|"
    r"offer|proposal|position|stance|intention|commitment|reluctance|insistence)\s+of\s+(?:the\s+)?$"
)
# ...and after "comes from": "Opposition to sending troops comes from Germany" names who opposes;
# "leaders from Britain, France and Germany" are those countries' own.
_SOURCE_BEFORE = re.compile(
    r"\b(?:(?:comes?|came|coming)\s+(?:\w+ly\s+)?|(?:[Ll]eaders|[Oo]fficials|[Dd]iplomats|[Mm]inisters|"
    r"[Dd]elegations?|[Dd]elegates|[Rr]epresentatives|[Nn]egotiators|[Ee]nvoys|[Hh]eads of (?:state|government))\s+)"
    r"from\s+(?:the\s+)?$"
)
_NAME_FOLLOWS = re.compile(r"\s+[A-Z]")
# ...and a newspaper named after its city ("The Washington Post reported") is no actor either.
_PLACE_AFTER = re.compile(r"^\s+(?:meeting|talks|summit|conference|format|process|declaration|airport|"
                          r"Post|Times|Independent|Journal|Herald|Telegraph)\b")
# ...but a name followed by one of these acts, even after "in" or "to".
_ACTS_AFTER = re.compile(
    r"['’]s\b"  # a possessor: "concessions to the Kremlin's demands"
    r"|,\s+who\b"  # "the response to the United States, who worked hard for this ceasefire"
    r"|-(?:mediated|brokered|proposed|led|backed|sponsored|drafted)\b"  # "in U.S.-mediated talks": the mediator
)
_PRONOUN = re.compile(r"^[\"“']?(He|She)\b")
# "“We support it,” he added.": the pronoun after a quote is the person last named before it.
_QUOTED_PRONOUN = re.compile(rf"[”\"]\s+(he|she)\s+(?:\w+\s+)?{SPEECH}\b")
_THEIR_COUNTRY = re.compile(r"\b(?:his|her)\s+(?:country|government|nation)\b")


@dataclass(frozen=True)
class Actor:
    name: str
    actor_type: str  # country, organization or person
    country: str  # ISO 3166 alpha-2, "EU" or "NATO"


@dataclass(frozen=True)
class Mention:
    actor: Actor
    start: int
    end: int
    text: str
    sentence: int


def _alternation(phrases) -> str:
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))


def _bounded(pattern: str) -> re.Pattern:
    # Not inside a word or after "U.S.", but after a full stop whose space was lost in a copy ("support.Britain").
    return re.compile(rf"(?:(?<![\w.])|(?<=[a-z]{{2}}\.))(?:{pattern})(?![\w])")


class ActorRegistry:
    """Known actors and the patterns that find them in text."""

    def __init__(self, countries: dict, organizations: dict, people: list, titles: list, group_nouns: list):
        self.countries = countries
        self.by_alias: dict[str, Actor] = {}
        self.country_by_demonym: dict[str, str] = {}
        self.place_aliases: set[str] = set()  # names that can also just be a location
        for code, spec in countries.items():
            actor = Actor(spec["names"][0], "country", code)
            for alias in spec["names"] + spec["metonyms"]:
                self.by_alias[alias] = actor
                self.place_aliases.add(alias)
            for demonym in spec["demonyms"]:
                self.country_by_demonym[demonym] = code
        for code, spec in organizations.items():
            actor = Actor(code, "organization", code)
            for alias in spec["names"] + spec["metonyms"]:
                self.by_alias[alias] = actor
                self.place_aliases.add(alias)
        for person in people:
            actor = Actor(person["name"], "person", person["country"])
            for alias in [person["name"], *person["aliases"]]:
                self.by_alias[alias] = actor
        demonyms = _alternation(self.country_by_demonym)
        title = _alternation(titles)
        self._introduction = re.compile(
            rf"(?<![\w])(?:(?P<demonym>{demonyms})\s+)?(?:(?:{title})\s+){{1,3}}(?P<name>{_NAME})"
        )
        # "British officials", and each country of "Ukrainian, French and British military officials".
        listed = rf"(?:{demonyms})(?:,?\s+and\s+(?:{demonyms})|,\s*(?:{demonyms}))*"
        self._group = _bounded(rf"(?P<demonyms>{listed})\s+(?:(?:military|defence|defense|senior|top)\s+)?"
                               rf"(?:{_alternation(group_nouns)})")
        self._demonym = _bounded(demonyms)
        self._definite_title = re.compile(rf"\b[Tt]he\s+(?P<demonym>{demonyms})\s+(?:{title})\b")

    @classmethod
    def load(cls, path: Path | None = None) -> ActorRegistry:
        raw = json.loads((path or DATA_DIR / "actors.json").read_text(encoding="utf-8"))
        return cls(raw["countries"], raw["organizations"], raw["people"], raw["titles"], raw["group_nouns"])

    def country_name(self, code: str) -> str:
        spec = self.countries.get(code)
        return spec["names"][0] if spec else code

    def resolve(self, name: str) -> Actor | None:
        """The actor a label's `actor` field names: an alias, an ISO code or a demonym."""
        if name in self.by_alias:
            return self.by_alias[name]
        code = name.upper() if name.upper() in self.countries else self.country_by_demonym.get(name)
        return Actor(self.country_name(code), "country", code) if code else None

    def find_mentions(self, text: str, sentences: list[Sentence]) -> list[Mention]:
        """All actor mentions in reading order, places and objects left out."""
        aliases = dict(self.by_alias)
        found: list[tuple[int, int, Actor]] = []
        # People introduced with demonym and title; their surname resolves for the rest of the text.
        for match in self._introduction.finditer(text):
            name = match.group("name")
            # "Russian President Vladimir Putin Yuri Ushakov": a known name that a third word runs on from.
            known = " ".join(name.split()[:2])
            if name not in aliases and known in aliases:
                name = known
            actor = aliases.get(name) or aliases.get(name.split()[-1])
            if actor is None and match.group("demonym"):
                actor = Actor(name, "person", self.country_by_demonym[match.group("demonym")])
                aliases[name.split()[-1]] = actor
            if actor is not None:
                found.append((match.start("name"), match.start("name") + len(name), actor))
                aliases.setdefault(name, actor)
        for match in self._group.finditer(text):
            listed = list(self._demonym.finditer(text, match.start(), match.end("demonyms")))
            for demonym in listed:
                code = self.country_by_demonym[demonym.group()]
                end = match.end() if demonym is listed[-1] else demonym.end()  # the last one takes the noun
                found.append((demonym.start(), end, Actor(self.country_name(code), "country", code)))
        alias_pattern = _bounded(_alternation(aliases))
        for match in alias_pattern.finditer(text):
            alias = match.group()
            if alias in self.place_aliases and self._is_place(text, match.start(), match.end()):
                continue
            found.append((match.start(), match.end(), aliases[alias]))
        mentions = self._without_overlaps(found, text, sentences)
        return self._with_references(text, sentences, mentions)

    @staticmethod
    def _is_place(text: str, start: int, end: int) -> bool:
        before = text[max(0, start - 40):start]
        if _ACTS_AFTER.match(text, end):
            return False
        if _HOLDER_BEFORE.search(before) or _SOURCE_BEFORE.search(before):
            # ...unless it is part of a title: "President of France Emmanuel Macron" is Macron.
            return bool(_NAME_FOLLOWS.match(text, end))
        return bool(_PLACE_BEFORE.search(before) or _PLACE_AFTER.match(text[end:end + 20]))

    @staticmethod
    def _without_overlaps(found, text, sentences) -> list[Mention]:
        found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
        mentions: list[Mention] = []
        for start, end, actor in found:
            if mentions and start < mentions[-1].end:
                continue
            mentions.append(Mention(actor, start, end, text[start:end], _sentence_at(sentences, start)))
        return mentions

    def _with_references(self, text, sentences, mentions) -> list[Mention]:
        """Add mentions for "He"/"She", "“...,” he said", "his country" and "the French leader"."""
        extra: list[Mention] = []
        for sentence in sentences:
            before = [m for m in mentions if m.start < sentence.start]
            last_person = _last_person(before)
            pronoun = _PRONOUN.match(sentence.text)
            if pronoun and last_person:
                start = sentence.start + pronoun.start(1)
                extra.append(Mention(last_person, start, start + 2 if pronoun.group(1) == "He" else start + 3,
                                     pronoun.group(1), sentence.index))
            for match in _QUOTED_PRONOUN.finditer(sentence.text):
                start = sentence.start + match.start(1)
                person = _last_person(m for m in mentions if m.start < start)
                if person:
                    extra.append(Mention(person, start, start + len(match.group(1)), match.group(1), sentence.index))
            in_sentence = [m for m in mentions if m.sentence == sentence.index]
            speaker = next((m.actor for m in in_sentence if m.actor.actor_type == "person"), last_person)
            for match in _THEIR_COUNTRY.finditer(sentence.text):
                if speaker:
                    code = speaker.country
                    actor = Actor(self.country_name(code), "country", code)
                    start = sentence.start + match.start()
                    extra.append(Mention(actor, start, sentence.start + match.end(), match.group(), sentence.index))
            for match in self._definite_title.finditer(sentence.text):
                code = self.country_by_demonym[match.group("demonym")]
                person = next((m.actor for m in reversed(before)
                               if m.actor.actor_type == "person" and m.actor.country == code), None)
                actor = person or Actor(self.country_name(code), "country", code)
                start = sentence.start + match.start()
                if not any(m.start <= start < m.end for m in mentions):
                    extra.append(Mention(actor, start, sentence.start + match.end(), match.group(), sentence.index))
        return sorted(mentions + extra, key=lambda m: m.start)


def _last_person(mentions) -> Actor | None:
    """The person named last among `mentions` (in reading order)."""
    return next((m.actor for m in reversed(list(mentions)) if m.actor.actor_type == "person"), None)


def _sentence_at(sentences: list[Sentence], offset: int) -> int:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence.index
    return sentences[-1].index if sentences else 0


@lru_cache(maxsize=1)
def registry() -> ActorRegistry:
    return ActorRegistry.load()
