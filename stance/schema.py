"""The shared vocabulary: stance labels, topics and the records every part exchanges.

Labeling, training and serving all import from here; no other module spells a label string.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from stance.errors import InputError
from stance.paths import DATA_DIR

SUPPORT, OPPOSE, CONDITIONAL = "support", "oppose", "conditional"
NONE = "none"  # the actor is named, but the sentence gives no stance on the topic
STANCES = (SUPPORT, OPPOSE, CONDITIONAL)
LABELS = (NONE, *STANCES)  # the classifier's label set, index = class id

ACTOR_TYPES = ("country", "organization", "person")

# A person's words weigh more in the country roll-up than a reporter's description of the
# country: "Poland is among those opposed" yields to Tusk saying Poland gives only logistics.
ACTOR_TYPE_WEIGHT = {"person": 1.5, "country": 1.0, "organization": 1.0}


@dataclass(frozen=True)
class Topic:
    """A settlement question and the phrasings that signal it.

    `cues` are literal phrases; `patterns` are regular expressions for phrasings that vary
    ("a cap on Ukraine's peacetime army", "restrictions on its armed forces"). The `counter_`
    ones signal the topic with reversed polarity: backing "a strong Ukrainian army" is
    opposing demilitarization.
    """

    name: str
    description: str
    hypothesis: str
    cues: tuple[str, ...]
    counter_cues: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    counter_patterns: tuple[str, ...] = ()


def load_topics(path: Path | None = None) -> dict[str, Topic]:
    """Read topics from JSON (default `data/topics.json`): adding a topic needs no code."""
    path = path or DATA_DIR / "topics.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    loaded = {
        name: Topic(
            name=name,
            description=spec["description"],
            hypothesis=spec["hypothesis"],
            cues=tuple(spec["cues"]),
            counter_cues=tuple(spec.get("counter_cues", ())),
            patterns=tuple(spec.get("patterns", ())),
            counter_patterns=tuple(spec.get("counter_patterns", ())),
        )
        for name, spec in raw.items()
    }
    for topic in loaded.values():  # a bad expression fails here, by name, not on the first article
        for pattern in topic.patterns + topic.counter_patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise InputError(f"{path}: topic {topic.name!r}: pattern {pattern!r} is not a valid "
                                 f"regular expression ({exc})") from None
    return loaded


@lru_cache(maxsize=1)
def topics() -> dict[str, Topic]:
    return load_topics()


def topic_names() -> tuple[str, ...]:
    return tuple(topics())


@dataclass
class Statement:
    """One actor's stance on one topic, with the sentence that shows it."""

    actor: str
    actor_type: str
    country: str  # ISO 3166 alpha-2, or "EU" / "NATO"
    topic: str
    stance: str
    confidence: float
    evidence: str
    start: int  # character offsets of `evidence` in the article
    end: int
    doc_id: str | None = None
    date: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class CountryStance:
    """The roll-up of all statements by one country (its people included) on one topic."""

    country: str
    topic: str
    stance: str
    confidence: float
    evidence: list[Statement] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "country": self.country,
            "topic": self.topic,
            "stance": self.stance,
            "confidence": self.confidence,
            "evidence": [s.to_dict() for s in self.evidence],
        }


@dataclass
class ActorStance(CountryStance):
    """The roll-up of one actor's statements on one topic."""

    actor: str = ""

    def to_dict(self) -> dict:
        return {"actor": self.actor, **super().to_dict()}


def roll_up(statements: list[Statement], key) -> list[tuple[tuple, str, float, list[Statement]]]:
    """Group statements by `key` and pick the stance with the most weighted confidence.

    Returns (key, stance, confidence, statements) with confidence the winner's share of the
    group's weight, so disagreement within a group shows as lower confidence.
    """
    groups: dict[tuple, list[Statement]] = defaultdict(list)
    for statement in statements:
        groups[key(statement)].append(statement)
    rows = []
    for group_key, members in groups.items():
        weight: dict[str, float] = defaultdict(float)
        for s in members:
            weight[s.stance] += s.confidence * ACTOR_TYPE_WEIGHT.get(s.actor_type, 1.0)
        stance = max(STANCES, key=lambda label: weight.get(label, 0.0))
        total = sum(weight.values()) or 1.0
        rows.append((group_key, stance, round(weight[stance] / total, 3), members))
    return sorted(rows, key=lambda row: row[0])


@dataclass
class AnalysisResult:
    """What `analyze()` found in one article."""

    stances: list[Statement]
    doc_id: str | None = None
    date: str | None = None

    def by_country(self) -> list[CountryStance]:
        """One row per (country, topic); all statements stay as evidence."""
        return [
            CountryStance(country=key[0], topic=key[1], stance=stance, confidence=conf, evidence=members)
            for key, stance, conf, members in roll_up(self.stances, lambda s: (s.country, s.topic))
        ]

    def by_actor(self) -> list[ActorStance]:
        """One row per (actor, topic)."""
        return [
            ActorStance(actor=key[0], country=key[1], topic=key[2], stance=stance, confidence=conf, evidence=members)
            for key, stance, conf, members in roll_up(self.stances, lambda s: (s.actor, s.country, s.topic))
        ]

    def to_dict(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "date": self.date,
            "stances": [s.to_dict() for s in self.stances],
            "by_country": [row.to_dict() for row in self.by_country()],
        }
