"""Labeled articles: reading, validating and converting them.

Two line shapes are accepted in a JSONL file (see docs/data-format.md):
- a labeled article: {"doc_id", "text", "date", "source", "labels": [{actor, topic, stance, evidence}]}
- a statement about a seed article: {"doc_id", "actor", "topic", "stance", "evidence", "start", "end"},
  the article's text and date coming from data/seeds.json.
Every problem is reported as `file:line: what is wrong`, all of them at once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from stance.actors import registry
from stance.analyzer import check_date
from stance.errors import InputError
from stance.paths import PROJECT_DIR, SEED_LABELS, SEED_METADATA, SYNTHETIC_DIR
from stance.schema import STANCES, topic_names

MAX_ERRORS_SHOWN = 20  # errors listed per run; the rest are counted


@dataclass(frozen=True)
class Label:
    actor: str
    actor_type: str
    country: str
    topic: str
    stance: str
    evidence: str
    start: int
    end: int


@dataclass
class LabeledArticle:
    doc_id: str
    text: str
    date: str | None
    source: str | None
    labels: list[Label] = field(default_factory=list)
    synthetic: bool = False


def seed_articles() -> dict[str, LabeledArticle]:
    """The seed articles with their metadata and no labels yet."""
    articles = {}
    for meta in json.loads(SEED_METADATA.read_text(encoding="utf-8")):
        text = (PROJECT_DIR / meta["file"]).read_text(encoding="utf-8")
        articles[meta["doc_id"]] = LabeledArticle(meta["doc_id"], text, meta.get("date"), meta.get("source"))
    return articles


def read_labeled(paths: list[Path], known: dict[str, LabeledArticle] | None = None) -> list[LabeledArticle]:
    """Read and validate labeled JSONL files; raise one InputError listing every bad line."""
    known = dict(known if known is not None else seed_articles())
    articles: dict[str, LabeledArticle] = {}
    errors: list[str] = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            errors.append(f"{path}: no such file")
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as exc:
            errors.append(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}): save it as UTF-8")
            continue
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                _read_line(json.loads(line), where, known, articles)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")
            except InputError as exc:
                errors.append(str(exc))
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > len(shown):  # a wrong file (not JSONL at all) would fill the screen
            shown.append(f"... and {len(errors) - len(shown)} more errors")
        raise InputError("invalid labeled data:\n" + "\n".join(shown))
    return list(articles.values())


def _read_line(record, where: str, known: dict, articles: dict) -> None:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    doc_id = record.get("doc_id")
    if not isinstance(doc_id, str) or not doc_id:
        raise InputError(f"{where}: missing \"doc_id\" (a string naming the article)")
    if "text" in record:
        text = record["text"]
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{where}: \"text\" must be the article's non-empty text")
        if doc_id in articles:
            raise InputError(f"{where}: doc_id {doc_id!r} appears twice: give each article its own id")
        try:
            check_date(record.get("date"))
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
        synthetic = bool(record.get("synthetic")) or "synthetic" in str(record.get("source", ""))
        article = LabeledArticle(doc_id, text, record.get("date"), record.get("source"), synthetic=synthetic)
        labels = record.get("labels", [])
        if not isinstance(labels, list):
            raise InputError(f"{where}: \"labels\" must be a list of {{actor, topic, stance, evidence}}")
        article.labels = [_label(item, text, f"{where}: label {i + 1}") for i, item in enumerate(labels)]
        articles[doc_id] = article
        return
    if doc_id not in known:
        raise InputError(
            f"{where}: doc_id {doc_id!r} has no \"text\" and is not a seed article: add the article's text"
        )
    article = articles.setdefault(doc_id, known[doc_id])
    article.labels.append(_label(record, article.text, where))


def _label(item, text: str, where: str) -> Label:
    if not isinstance(item, dict):
        raise InputError(f"{where}: a label must be an object with actor, topic, stance and evidence")
    missing = [key for key in ("actor", "topic", "stance", "evidence") if not item.get(key)]
    if missing:
        raise InputError(f"{where}: missing {', '.join(missing)}")
    topics = topic_names()
    if item["topic"] not in topics:
        raise InputError(f"{where}: unknown topic {item['topic']!r}: use one of {', '.join(topics)}"
                         " or add it to data/topics.json")
    if item["stance"] not in STANCES:
        raise InputError(f"{where}: unknown stance {item['stance']!r}: use one of {', '.join(STANCES)}")
    actor = registry().resolve(item["actor"])
    if actor is None:
        raise InputError(f"{where}: unknown actor {item['actor']!r}: use a country name or ISO code,"
                         " or add it to data/actors.json")
    evidence = item["evidence"]
    start, end = item.get("start"), item.get("end")
    if start is None:
        start = text.find(evidence)
        if start < 0:
            raise InputError(
                f"{where}: evidence {evidence[:60]!r} is not in the article's text: copy the sentence exactly"
            )
        if text.find(evidence, start + 1) >= 0:
            raise InputError(
                f"{where}: evidence {evidence[:60]!r} occurs more than once: add \"start\" and \"end\" offsets"
            )
        end = start + len(evidence)
    elif not (isinstance(start, int) and isinstance(end, int) and text[start:end] == evidence):
        raise InputError(
            f"{where}: evidence is not at offsets {start}:{end} of the article: fix the offsets or drop them"
        )
    return Label(item["actor"], actor.actor_type, actor.country, item["topic"], item["stance"], evidence, start, end)


def default_training_files() -> list[Path]:
    """The seed labels plus every synthetic file."""
    return [SEED_LABELS, *sorted(SYNTHETIC_DIR.glob("*.jsonl"))]


def data_hash(articles: list[LabeledArticle]) -> str:
    """A fingerprint of the training data, stored with every model."""
    digest = hashlib.sha256()
    for article in sorted(articles, key=lambda a: a.doc_id):
        digest.update(article.doc_id.encode() + article.text.encode())
        for label in sorted(article.labels, key=lambda label: (label.start, label.actor, label.topic)):
            digest.update(repr(label).encode())
    return digest.hexdigest()[:16]


def from_label_studio(export: list[dict]) -> list[dict]:
    """Convert a Label Studio JSON export into labeled-article records.

    Expects a text task (`data.text`) annotated with span labels ("actor" and "evidence" regions
    are not needed): each result of type "labels" over the evidence span carries the stance as its
    label, and `meta` or per-region text areas give actor and topic. The supported shape is the
    one written by our labeling config in docs/data-format.md: a region labeled with the stance,
    plus choices `actor:<name>` and `topic:<name>` attached to the same region id.
    """
    records = []
    for task in export:
        text = task.get("data", {}).get("text", "")
        doc_id = str(task.get("data", {}).get("doc_id") or task.get("id"))
        labels = []
        for annotation in task.get("annotations", []):
            regions: dict[str, dict] = {}
            for result in annotation.get("result", []):
                region = regions.setdefault(result.get("id", ""), {})
                value = result.get("value", {})
                if result.get("type") == "labels":
                    region.update(evidence=value.get("text") or text[value["start"]:value["end"]],
                                  start=value.get("start"), end=value.get("end"), stance=value["labels"][0])
                elif result.get("type") == "choices":
                    for choice in value.get("choices", []):
                        key, _, name = choice.partition(":")
                        region[key] = name
            labels.extend(r for r in regions.values() if {"actor", "topic", "stance", "evidence"} <= r.keys())
        records.append({"doc_id": doc_id, "text": text, "date": task.get("data", {}).get("date"),
                        "source": task.get("data", {}).get("source", "label-studio"), "labels": labels})
    return records
