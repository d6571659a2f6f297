"""Gold labels for candidates, and statement- and country-level scores of an analyzer."""

from __future__ import annotations

from stance.candidates import Article, Candidate
from stance.labels import LabeledArticle
from stance.schema import NONE, STANCES, Statement, roll_up


def gold_labels(article: LabeledArticle, candidates: list[Candidate]) -> list[str]:
    """The labeled stance of each candidate: same country and topic, evidence overlapping its sentence."""
    labels = []
    for c in candidates:
        match = next(
            (label.stance for label in article.labels
             if label.country == c.actor.country and label.topic == c.topic
             and label.start < c.sentence.end and c.sentence.start < label.end),
            NONE,
        )
        labels.append(match)
    return labels


def gold_statements(article: LabeledArticle) -> list[Statement]:
    return [
        Statement(label.actor, label.actor_type, label.country, label.topic, label.stance, 1.0, label.evidence,
                  label.start, label.end, article.doc_id, article.date)
        for label in article.labels
    ]


def score_statements(predicted: list[Statement], gold: list[Statement]) -> dict:
    """Statement-level P/R/F1 (a statement: doc, country, topic, stance and overlapping evidence)
    and country-level accuracy over the labeled (doc, country, topic) cells."""

    def same(p: Statement, g: Statement) -> bool:
        return (p.doc_id, p.country, p.topic, p.stance) == (g.doc_id, g.country, g.topic, g.stance) and \
            p.start < g.end and g.start < p.end

    unique_pred = {(s.doc_id, s.country, s.topic, s.stance, s.start, s.end): s for s in predicted}.values()
    unique_gold = {(s.doc_id, s.country, s.topic, s.stance, s.start, s.end): s for s in gold}.values()
    tp_pred = sum(any(same(p, g) for g in unique_gold) for p in unique_pred)
    tp_gold = sum(any(same(p, g) for p in unique_pred) for g in unique_gold)
    precision = tp_pred / len(unique_pred) if unique_pred else 0.0
    recall = tp_gold / len(unique_gold) if unique_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def key(s: Statement) -> tuple:
        return s.doc_id, s.country, s.topic

    gold_cells = {k: stance for k, stance, _, _ in roll_up(list(gold), key)}
    pred_cells = {k: stance for k, stance, _, _ in roll_up(list(predicted), key)}
    correct = sum(pred_cells.get(k) == v for k, v in gold_cells.items())
    return {
        "statements": {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                       "predicted": len(unique_pred), "gold": len(unique_gold)},
        "countries": {"accuracy": round(correct / len(gold_cells), 3) if gold_cells else 0.0,
                      "correct": correct, "gold_cells": len(gold_cells),
                      "unlabeled_cells_predicted": len(set(pred_cells) - set(gold_cells))},
    }


def candidate_examples(article: LabeledArticle,
                       for_training: bool = False) -> tuple[Article, list[Candidate], list[str]]:
    """Parse an article once; return its candidates with their gold labels."""
    parsed = Article.parse(article.text, for_training)
    candidates = parsed.candidates()
    return parsed, candidates, gold_labels(article, candidates)


def uncovered_labels(article: LabeledArticle, candidates: list[Candidate]) -> list:
    """Gold labels that no candidate reaches: recall lost before any classifier runs."""
    return [
        label for label in article.labels
        if not any(c.actor.country == label.country and c.topic == label.topic
                   and label.start < c.sentence.end and c.sentence.start < label.end for c in candidates)
    ]


__all__ = ["gold_labels", "gold_statements", "score_statements", "candidate_examples", "uncovered_labels", "STANCES"]
