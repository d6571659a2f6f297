"""TF-IDF + logistic regression over the same input pairs: the learned baseline."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from stance.analyzer import Analyzer, Prediction
from stance.candidates import Article, Candidate
from stance.encoding import candidate_pair


class TfidfBaseline(Analyzer):
    """A scikit-learn estimator (fit returns self, fitted attributes end in `_`) and an Analyzer."""

    name = "TF-IDF + logistic regression"

    def __init__(self, C: float = 4.0, ngram_range: tuple[int, int] = (1, 2)):
        self.C = C
        self.ngram_range = ngram_range

    def fit(self, hypotheses: list[str], premises: list[str], labels: list[str]) -> TfidfBaseline:
        self.pipeline_ = make_pipeline(
            TfidfVectorizer(ngram_range=self.ngram_range, sublinear_tf=True, min_df=1),
            LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced"),
        ).fit(_join(hypotheses, premises), labels)
        self.classes_ = list(self.pipeline_.classes_)
        return self

    def predict_proba(self, hypotheses: list[str], premises: list[str]) -> np.ndarray:
        return self.pipeline_.predict_proba(_join(hypotheses, premises))

    def predict(self, article: Article, candidates: list[Candidate]) -> list[Prediction]:
        pairs = [candidate_pair(article.text, c) for c in candidates]
        probabilities = self.predict_proba([p.hypothesis for p in pairs], [p.premise for p in pairs])
        return [Prediction(self.classes_[int(row.argmax())], float(row.max()),
                           dict(zip(self.classes_, map(float, row), strict=True)))
                for row in probabilities]


def _join(hypotheses, premises) -> list[str]:
    return [f"{h} || {p}" for h, p in zip(hypotheses, premises, strict=True)]
