"""Training examples from labeled articles, with the augmentation that teaches reading.

Positives come from the labels, `none` from actor mentions that take no stance. Copies with
the actor renamed stop the model from learning "Russia => oppose"; copies with another phrasing
of the topic stop it from learning one phrase per topic; copies opened by a clause naming a
bystander teach it that being named in a stance's sentence is not taking the stance.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from stance.actors import registry
from stance.encoding import MARK_CLOSE, MARK_OPEN, candidate_pair, free_pair
from stance.labels import LabeledArticle
from stance.schema import NONE, topics
from stance.train.matching import candidate_examples, uncovered_labels


@dataclass(frozen=True)
class Example:
    hypothesis: str
    premise: str
    label: str
    doc_id: str
    actor: str


def article_examples(article: LabeledArticle) -> list[Example]:
    """One example per candidate, plus one per label that no candidate reaches.

    A topic named only as another's frame ("troops after a ceasefire"), the one appealed to or
    talked with ("urged Russia to accept", "talks with Russia") and the actors a headline borrows
    are no candidates at inference, but stay here as `none` examples: they show the model which
    topic the sentence takes a stance on, and who does. An actor's statement read again with the
    next sentence, which inference counts once, stays too, with its label.
    """
    parsed, candidates, gold = candidate_examples(article, for_training=True)
    examples = [
        Example(pair.hypothesis, pair.premise, label, article.doc_id, c.mention.text)
        for c, label in zip(candidates, gold, strict=True)
        for pair in [candidate_pair(article.text, c)]
    ]
    for label in uncovered_labels(article, candidates):
        pair = free_pair(label.evidence, label.actor, label.topic)
        examples.append(Example(pair.hypothesis, pair.premise, label.stance, article.doc_id, label.actor))
    return examples


# Roles that name an actor without giving it a position on anything.
BYSTANDER_OPENERS = (
    "As {B} prepared for talks, ", "After a phone call with {B}, ", "Ahead of a visit by {B}, ",
    "Days after {B} hosted a summit, ", "Speaking after a meeting with {B}, ",
    "While {B} was holding its own consultations, ", "On the sidelines of a meeting with {B}, ",
    "As pressure from {B} grew, ", "Following a visit to {B}, ", "Amid talks between {B} and European envoys, ",
)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[\[A-Z“\"]")  # "[" opens a marked actor
_LOWERED_STARTS = ("The ", "A ", "An ", "In ", "On ")


def build_examples(articles: list[LabeledArticle], actor_swaps: int = 2, phrase_swaps: int = 1,
                   none_ratio: float = 1.5, seed: int = 13, bystanders: bool = True) -> list[Example]:
    rng = random.Random(seed)
    base = [e for a in articles for e in article_examples(a)]
    labeled = [e for e in base if e.label != NONE]
    unlabeled = [e for e in base if e.label == NONE]
    rng.shuffle(unlabeled)
    examples = labeled + unlabeled[: int(none_ratio * max(len(labeled), 1))]
    partners = rng.sample(labeled, len(labeled))
    augmented = [combine(a, b, before=i % 2 == 0)
                 for i, (a, b) in enumerate(zip(labeled, partners, strict=True)) if a.doc_id != b.doc_id]
    for example in examples:
        augmented.extend(swap_actor(example, rng) for _ in range(actor_swaps if example.label != NONE else 1))
        augmented.extend(swap_phrase(example, rng) for _ in range(phrase_swaps))
    examples += [e for e in augmented if e is not None]
    rng.shuffle(examples)
    if bystanders:
        # A stream of its own, so that the other examples stay as they are without bystanders.
        rng = random.Random(seed + 1)
        examples += [copy for e in labeled for copy in bystander_copies(e, rng)]
        rng.shuffle(examples)
    return examples


def _actor_pool() -> list[str]:
    reg = registry()
    countries = [spec["names"][0] for spec in reg.countries.values()]
    people = sorted({a.name for a in reg.by_alias.values() if a.actor_type == "person"})
    return countries + people


def combine(marked: Example, other: Example, before: bool = True) -> Example:
    """Two sentences side by side, only one actor marked: the label is the marked actor's.

    Without this the model learns that an early mention holds the stance and a late one none.
    """
    parts = [unmark(other.premise), marked.premise]
    return replace(marked, premise=" ".join(parts if before else parts[::-1]))


def bystander_copies(example: Example, rng: random.Random) -> list[Example]:
    """The sentence opened by a clause naming another actor, marked once on each actor.

    The bystander gets `none`, the original actor keeps its label: the opener alone says
    nothing about the label, so the model must read whose position the sentence states.
    Only one-sentence examples whose actor is marked are copied.
    """
    if _marked(example.actor) not in example.premise or _SENTENCE_BREAK.search(example.premise):
        return []
    bystander = _another_actor(example, rng)
    opener = rng.choice(BYSTANDER_OPENERS)
    body = example.premise
    if body.startswith(_LOWERED_STARTS):
        body = body[0].lower() + body[1:]
    return [
        replace(example, premise=opener.format(B=bystander) + body),
        replace(example, premise=opener.format(B=_marked(bystander)) + unmark(body),
                hypothesis=_hypothesis_about(example, bystander), label=NONE, actor=bystander),
    ]


def unmark(premise: str) -> str:
    return premise.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def swap_actor(example: Example, rng: random.Random) -> Example | None:
    """The same example with the marked actor renamed, in the sentence and the hypothesis."""
    if _marked(example.actor) not in example.premise:
        return None
    name = _another_actor(example, rng)
    premise = example.premise.replace(_marked(example.actor), _marked(name), 1)
    return replace(example, premise=premise, hypothesis=_hypothesis_about(example, name), actor=name)


def _marked(actor: str) -> str:
    return MARK_OPEN + actor + MARK_CLOSE


def _another_actor(example: Example, rng: random.Random) -> str:
    """A registry actor the example's text does not name."""
    return rng.choice([n for n in _actor_pool() if n not in example.premise])


def _hypothesis_about(example: Example, actor: str) -> str:
    return example.hypothesis.replace(f"stance of {example.actor} on", f"stance of {actor} on", 1)


def swap_phrase(example: Example, rng: random.Random) -> Example | None:
    """The same example with one phrasing of its topic replaced by another of the same polarity."""
    for topic in topics().values():
        if not example.hypothesis.endswith(topic.hypothesis):
            continue
        for phrases in (topic.cues, topic.counter_cues):
            present = [p for p in phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", example.premise, re.I)]
            if present:
                old = max(present, key=len)
                new = rng.choice([p for p in phrases if p.lower() != old.lower()] or [old])
                premise = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, example.premise, count=1, flags=re.I)
                return replace(example, premise=premise)
    return None


__all__ = ["Example", "article_examples", "build_examples"]
