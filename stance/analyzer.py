"""The shared `analyze()` path: find candidates, let a labeler decide each, build statements."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from stance.candidates import Article, Candidate
from stance.errors import InputError
from stance.paths import MAX_TEXT_CHARS
from stance.schema import NONE, AnalysisResult, Statement, topic_names


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float
    probabilities: dict[str, float]


def check_text(text) -> str:
    """Refuse input that cannot be an article, with a message saying what to send instead."""
    if not isinstance(text, str):
        raise InputError(f"text must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InputError("text is empty or only whitespace: pass the article's text")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"text has {len(text):,} characters, more than the limit of {MAX_TEXT_CHARS:,}: split it into articles"
        )
    if "\x00" in text:
        raise InputError("text contains NUL bytes: it looks binary, pass plain UTF-8 text")
    return text


def check_date(date: str | None) -> str | None:
    """A publication date is YYYY-MM-DD (or absent): it is copied into every statement as given."""
    try:
        valid = date is None or datetime.date.fromisoformat(date).isoformat() == date  # not "20250313"
    except (TypeError, ValueError):
        valid = False
    if not valid:
        raise InputError(f"date {date!r} is not a date written YYYY-MM-DD, e.g. 2025-03-13")
    return date


def check_topic(topic: str) -> str:
    known = topic_names()
    if topic not in known:
        raise InputError(f"unknown topic {topic!r}: use one of {', '.join(known)}")
    return topic


def check_actor(actor: str) -> str:
    if not actor.strip():
        raise InputError("actor is empty: name the actor whose stance you want")
    return actor


class Analyzer:
    """Base for every labeler; subclasses implement `predict(article, candidates)`."""

    name = "analyzer"

    def predict(self, article: Article, candidates: list[Candidate]) -> list[Prediction]:
        raise NotImplementedError

    def describe(self) -> str:
        return self.name

    def analyze(self, text: str, date: str | None = None, doc_id: str | None = None) -> AnalysisResult:
        """Every stance the article expresses, each with its evidence sentence and offsets."""
        check_date(date)
        article = Article.parse(check_text(text))
        candidates = article.candidates()
        predictions = self.predict(article, candidates) if candidates else []
        return AnalysisResult(stances=statements(article, candidates, predictions, date, doc_id),
                              doc_id=doc_id, date=date)


def statements(article: Article, candidates: list[Candidate], predictions: list[Prediction],
               date: str | None = None, doc_id: str | None = None) -> list[Statement]:
    """A statement for every candidate predicted to carry a stance."""
    return [
        Statement(
            actor=c.actor.name,
            actor_type=c.actor.actor_type,
            country=c.actor.country,
            topic=c.topic,
            stance=p.label,
            confidence=round(p.confidence, 3),
            evidence=c.evidence(article.text),
            start=c.context_start,
            end=c.context_end,
            doc_id=doc_id,
            date=date,
        )
        for c, p in zip(candidates, predictions, strict=True)
        if p.label != NONE
    ]
