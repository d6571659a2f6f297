"""Request and response types of the REST service, with the limits callers must respect.

Requests are checked here, by pydantic, before they reach the model: in the batched
/classify endpoint a bad item would otherwise fail the forward pass of every caller in
its batch. The checks reuse the library's own (`check_text`, `check_date`, `check_topic`,
`check_actor`), so the service refuses exactly what `analyze()` and `classify()` refuse.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from stance.analyzer import Prediction, check_actor, check_date, check_text, check_topic
from stance.paths import MAX_TEXT_CHARS
from stance.schema import LABELS, CountryStance, Statement, topic_names

MAX_CLASSIFY_ITEMS = 64  # per /classify call; more would hold a batch (and its other callers) too long
MAX_BODY_BYTES = 2 * 1024 * 1024  # room for the longest article the library accepts, JSON-escaped

ANALYZE_EXAMPLE = (
    "Italy rejects sending peacekeeping troops to Ukraine. Polish Prime Minister Donald Tusk said "
    "Poland supports a ceasefire but will not send troops."
)
CLASSIFY_EXAMPLE = [
    {"text": "Italy rejects sending peacekeeping troops to Ukraine.", "actor": "Italy", "topic": "peacekeeping_troops"},
    {"text": "Donald Tusk said Poland supports a ceasefire.", "actor": "Donald Tusk", "topic": "ceasefire"},
]


ArticleText = Annotated[
    str,
    AfterValidator(check_text),
    Field(description=f"The article's plain text, at most {MAX_TEXT_CHARS:,} characters.",
          json_schema_extra={"example": ANALYZE_EXAMPLE}),
]
IsoDate = Annotated[
    str | None,
    AfterValidator(check_date),
    Field(description="Publication date (YYYY-MM-DD), copied into every statement.",
          json_schema_extra={"example": "2025-03-13"}),
]
DocId = Annotated[
    str | None,
    Field(max_length=200, description="Your id for the article, copied into every statement.",
          json_schema_extra={"example": "example-article"}),
]


class ClassifyItem(BaseModel):
    """One (text, actor, topic) triple; the actor should appear in the text."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, AfterValidator(check_text)] = Field(
        description="A sentence or short passage that mentions the actor.")
    actor: Annotated[str, AfterValidator(check_actor)] = Field(
        max_length=200, description="The actor as written in the text.")
    topic: Annotated[str, AfterValidator(check_topic)] = Field(
        description="The settlement question.", json_schema_extra={"enum": list(topic_names())})


ClassifyItems = Annotated[
    list[ClassifyItem],
    Field(min_length=1, max_length=MAX_CLASSIFY_ITEMS,
          description=f"1 to {MAX_CLASSIFY_ITEMS} items per call.",
          json_schema_extra={"example": CLASSIFY_EXAMPLE}),
]


class AnalyzeResponse(BaseModel):
    """The records of `stance.load().analyze(text).to_dict()`."""

    doc_id: str | None
    date: str | None
    stances: list[Statement]
    by_country: list[CountryStance]


class ModelInfo(BaseModel):
    """Which model answers: its store tag, where it came from and how well it did."""

    tag: str
    backend: str
    labels: list[str] = Field(json_schema_extra={"example": list(LABELS)})
    base_model: str | None = None
    data_hash: str | None = None
    training: dict | None = Field(None, description="training.json of the model version")
    metrics: dict | None = Field(None, description="metrics.json of the model version, if any")


__all__ = [
    "MAX_BODY_BYTES",
    "MAX_CLASSIFY_ITEMS",
    "AnalyzeResponse",
    "ArticleText",
    "ClassifyItem",
    "ClassifyItems",
    "DocId",
    "IsoDate",
    "ModelInfo",
    "Prediction",
]
