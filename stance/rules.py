"""A transparent rule labeler: cue phrases, negation and conditions near the actor.

It labels any article out of the box and is the honest baseline the trained model must beat.
"""

from __future__ import annotations

import re

from stance.analyzer import Analyzer, Prediction
from stance.candidates import Article, Candidate
from stance.schema import CONDITIONAL, LABELS, NONE, OPPOSE, SUPPORT


def _words(*patterns: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


_SUPPORT = _words(
    r"support(?:s|ed|ing)?", r"back(?:s|ed|ing)?", r"endors\w+", r"welcom\w+", r"agree(?:s|d)? to", r"agreeing to",
    r"accept\w*", r"acceptance", r"ready to", r"willing to", r"prepared to", r"committed to", r"pledg\w+",
    r"propos\w+", r"push(?:es|ing)? for", r"call(?:s|ed)? for", r"demand\w*", r"seek\w*", r"leading efforts",
    r"developing a plan", r"discussing a plan", r"plan to", r"will deploy", r"envisages", r"in favou?r of",
    r"worked hard for", r"instrumental in", r"teamed up", r"building", r"build up", r"strengthen\w*",
)
_OPPOSE = _words(
    r"oppos\w+", r"reject\w*", r"rule[sd]? out", r"ruling out", r"refus\w+", r"dismiss\w*", r"against",
    r"threat", r"not on board", r"balk\w*", r"unacceptable", r"stall\w*", r"block\w*", r"veto\w*", r"resist\w*",
)
_CONDITION = _words(
    r"only", r"in principle", r"provided that", r"on condition", r"as long as", r"subject to", r"unless",
    r"must have", r"backstop", r"need to be worked out", r"conditions?", r"if",
)
_NEGATION = re.compile(r"\b(?:not|no|never|without|won't|cannot|can't)\b[^.,;]{0,25}$|n't\s+\w*\s*$", re.IGNORECASE)
# Characters between actor and cue beyond which the cue is taken to be someone else's.
_MAX_CUE_DISTANCE = 80
_FLIP = {SUPPORT: OPPOSE, OPPOSE: SUPPORT, CONDITIONAL: CONDITIONAL}


class RuleLabeler(Analyzer):
    """Labels each candidate by the stance cue nearest to the actor's mention."""

    name = "rule labeler (no trained model)"

    def predict(self, article: Article, candidates: list[Candidate]) -> list[Prediction]:
        return [self._label(article.text, c) for c in candidates]

    def _label(self, text: str, candidate: Candidate) -> Prediction:
        sentence = candidate.sentence
        anchor = candidate.mention.start if candidate.mention.sentence == sentence.index else sentence.start
        cues = []
        for pattern, label in ((_SUPPORT, SUPPORT), (_OPPOSE, OPPOSE)):
            for m in pattern.finditer(sentence.text):
                position = sentence.start + m.start()
                # Cues after the actor usually belong to its clause; ones before count half as much.
                distance = position - anchor if position >= anchor else 1.5 * (anchor - position)
                cues.append((distance, label, position))
        if not cues or min(cues)[0] > _MAX_CUE_DISTANCE:
            return _prediction(NONE, 0.6)
        _, label, position = min(cues)
        if _NEGATION.search(text[max(sentence.start, position - 30):position]):
            label = _FLIP[label]
        if label == SUPPORT and _CONDITION.search(sentence.text):
            label = CONDITIONAL
        if candidate.cues and all(cue.reversed for cue in candidate.cues):
            label = _FLIP[label]
        return _prediction(label, 0.6)


def _prediction(label: str, confidence: float) -> Prediction:
    rest = (1 - confidence) / (len(LABELS) - 1)
    return Prediction(label, confidence, {name: confidence if name == label else rest for name in LABELS})
