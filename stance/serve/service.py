"""The REST service: one model from the BentoML store behind /analyze, /classify and /model.

    bentoml serve stance.serve.service:StanceService      # http://127.0.0.1:3000, docs at /

The newest `stance-classifier` in the store is served; set STANCE_MODEL_TAG (a version or a
full tag) to pin one. Set STANCE_API_KEY to require `Authorization: Bearer <key>`.
"""

from __future__ import annotations

import logging
import os

import bentoml

from stance.errors import ModelNotFoundError
from stance.paths import BENTO_MODEL_NAME
from stance.serve.logs import BadRequestsAsWarnings
from stance.serve.middleware import ApiKeyAuth, BodySizeLimit
from stance.serve.schemas import (
    MAX_CLASSIFY_ITEMS,
    AnalyzeResponse,
    ArticleText,
    ClassifyItems,
    DocId,
    IsoDate,
    ModelInfo,
    Prediction,
)

MODEL_TAG_ENV = "STANCE_MODEL_TAG"

# The logger on which BentoML's HTTP app reports every request that raised.
logging.getLogger("bentoml._internal.server.http_app").addFilter(BadRequestsAsWarnings())


def model_tag() -> str:
    """The store tag to serve: STANCE_MODEL_TAG (a version or name:version), else the newest."""
    tag = os.environ.get(MODEL_TAG_ENV, "").strip() or "latest"
    return tag if ":" in tag else f"{BENTO_MODEL_NAME}:{tag}"


@bentoml.service(name="stance", traffic={"timeout": 120})
class StanceService:
    """Where countries and political actors stand on peacekeeping troops, demilitarization and
    ceasefire, with the evidence sentence for every stance."""

    # A class attribute, so `bentoml build` packs this model into the bento.
    bento_model = bentoml.models.BentoModel(model_tag())

    def __init__(self) -> None:
        from stance.loading import load

        wanted = type(self).bento_model
        if wanted.stored is None:  # else BentoML tries BentoCloud and says only that
            raise ModelNotFoundError(f"no model {wanted.tag} in the BentoML model store: train one with "
                                     f"`stance train`, or set {MODEL_TAG_ENV} to a tag `bentoml models list` shows")
        self.tag = str(self.bento_model.tag)  # resolves "latest" to the version actually loaded
        self.model = load(self.bento_model.path)

    @bentoml.api
    def analyze(self, text: ArticleText, date: IsoDate = None, doc_id: DocId = None) -> AnalyzeResponse:
        """Every stance the article expresses, and the roll-up per country and topic.

        Size limits are in the schema; any request body over 2 MiB (MAX_BODY_BYTES) gets 413.
        """
        try:
            result = self.model.analyze(text, date=date, doc_id=doc_id)
        except ValueError as exc:  # stance.InputError: the schema should have caught it already
            raise bentoml.exceptions.InvalidArgument(str(exc)) from exc
        return AnalyzeResponse.model_validate(result.to_dict())

    # Concurrent callers share forward passes. Items were validated per request before
    # batching, so no single item can fail the batch; max_latency_ms is a deadline (503).
    @bentoml.api(batchable=True, max_batch_size=4 * MAX_CLASSIFY_ITEMS, max_latency_ms=30_000)
    def classify(self, items: ClassifyItems) -> list[Prediction]:
        """Label each (text, actor, topic): support, oppose, conditional or none, with probabilities.

        Requests arriving together share forward passes (adaptive batching).
        """
        return self.model.classify([(item.text, item.actor, item.topic) for item in items])

    @bentoml.api(route="/model")
    def model_info(self) -> ModelInfo:
        """The served model: store tag, base model, training data hash and evaluation figures.

        POST like every BentoML endpoint; the body may be empty or `{}`.
        """
        info = self.model.info()
        training = info.get("training") or {}
        return ModelInfo(
            tag=self.tag,
            backend=info["backend"],
            labels=info["labels"],
            base_model=training.get("base_model"),
            data_hash=training.get("data_hash"),
            training=info.get("training"),
            metrics=info.get("metrics"),
        )


# The first middleware added is the outermost: refuse strangers before reading their bodies.
StanceService.add_asgi_middleware(ApiKeyAuth)
StanceService.add_asgi_middleware(BodySizeLimit)
