"""The fine-tuned cross-encoder: load, save and batched prediction."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from stance.analyzer import Analyzer, Prediction, check_actor, check_text, check_topic
from stance.candidates import Article, Candidate
from stance.encoding import Pair, candidate_pair, free_pair
from stance.errors import InputError, ModelNotFoundError
from stance.paths import LABEL_MAP_FILE, METRICS_FILE, ONNX_FP32_FILE, ONNX_INT8_FILE, TRAINING_INFO_FILE
from stance.schema import LABELS

os.environ.setdefault("HF_HUB_OFFLINE", "1")
MAX_LENGTH = 160  # tokens per pair; a sentence plus its predecessor fits
BACKENDS = ("torch", "onnx", "onnx-int8")


class StanceModel(Analyzer):
    """A sequence-pair classifier over (hypothesis, marked sentence) with labels `LABELS`."""

    def __init__(self, model, tokenizer, path: Path | None = None, backend: str = "torch", session=None,
                 labels: list[str] | None = None):
        self.model = model  # the PyTorch model; None when an ONNX session answers
        self.tokenizer = tokenizer
        self.path = path
        self.backend = backend
        self.session = session  # onnxruntime.InferenceSession for the onnx backends
        self._onnx_inputs = {i.name for i in session.get_inputs()} if session else set()
        if labels is None:
            labels = [model.config.id2label[i] for i in range(len(model.config.id2label))] if model else list(LABELS)
        self.labels = labels
        self.batch_size = 32  # at most this many pairs per forward pass
        self.max_padding = 0.05  # a batch closes before padding would add more than this share of tokens

    @property
    def name(self) -> str:
        return f"fine-tuned model {self.path.name if self.path else '(unsaved)'} [{self.backend}]"

    @classmethod
    def from_pretrained(cls, path: str | Path, backend: str | None = None) -> StanceModel:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        path = Path(path)
        if not (path / LABEL_MAP_FILE).is_file():
            raise ModelNotFoundError(f"{path}: no {LABEL_MAP_FILE}: not a model saved by `stance train`")
        backend = backend or os.environ.get("STANCE_BACKEND") or default_backend(path)
        if backend not in BACKENDS:
            raise InputError(f"unknown backend {backend!r}: use one of {', '.join(BACKENDS)}")
        tokenizer = AutoTokenizer.from_pretrained(path)
        if backend == "torch":
            model = AutoModelForSequenceClassification.from_pretrained(path)
            model.eval()
            return cls(model, tokenizer, path, backend)
        # ONNX answers alone: start-up skips the PyTorch weights.
        session = _onnx_session(path / (ONNX_INT8_FILE if backend == "onnx-int8" else ONNX_FP32_FILE))
        labels = json.loads((path / LABEL_MAP_FILE).read_text())["labels"]
        return cls(None, tokenizer, path, backend, session, labels)

    def save_pretrained(self, path: str | Path) -> None:
        """Weights as safetensors, the tokenizer and the label map."""
        path = Path(path)
        self.model.save_pretrained(path, safe_serialization=True)
        self.tokenizer.save_pretrained(path)
        (path / LABEL_MAP_FILE).write_text(json.dumps({"labels": self.labels}, indent=2) + "\n")

    def info(self) -> dict:
        """What the model is: base model, training data hash and evaluation figures."""
        info = {"path": str(self.path) if self.path else None, "backend": self.backend, "labels": self.labels}
        for name in (TRAINING_INFO_FILE, METRICS_FILE):
            file = self.path / name if self.path else None
            if file and file.is_file():
                info[name.removesuffix(".json")] = json.loads(file.read_text())
        return info

    def predict(self, article: Article, candidates: list[Candidate]) -> list[Prediction]:
        return self.predict_pairs([candidate_pair(article.text, c) for c in candidates])

    def classify(self, items: list[tuple[str, str, str]]) -> list[Prediction]:
        """Label caller-given (text, actor, topic) triples; the actor should appear in the text."""
        for i, (text, actor, topic) in enumerate(items):
            try:
                check_text(text)
                check_actor(actor)
                check_topic(topic)
            except InputError as exc:
                raise InputError(f"item {i}: {exc}") from None
        return self.predict_pairs([free_pair(text, actor, topic) for text, actor, topic in items])

    def predict_pairs(self, pairs: list[Pair]) -> list[Prediction]:
        probabilities = self.probabilities(pairs)
        return [
            Prediction(self.labels[int(row.argmax())], float(row.max()),
                       {label: round(float(p), 4) for label, p in zip(self.labels, row, strict=True)})
            for row in probabilities
        ]

    def probabilities(self, pairs: list[Pair]) -> np.ndarray:
        """Class probabilities of all pairs, in batches of similar length (padding is wasted compute)."""
        if not pairs:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        encoded = self.tokenizer([p.hypothesis for p in pairs], [p.premise for p in pairs],
                                 truncation="only_second", max_length=MAX_LENGTH)
        lengths = [len(ids) for ids in encoded["input_ids"]]
        out = np.zeros((len(pairs), len(self.labels)), dtype=np.float32)
        for index in length_batches(lengths, self.batch_size, self.max_padding):
            batch = self.tokenizer.pad({k: [encoded[k][i] for i in index] for k in encoded}, return_tensors="np")
            out[index] = _softmax(self._logits(batch))
        return out

    def _logits(self, batch: dict) -> np.ndarray:
        if self.session is not None:
            feed = {k: v.astype(np.int64, copy=False) for k, v in batch.items() if k in self._onnx_inputs}
            return self.session.run(None, feed)[0]
        import torch

        with torch.inference_mode():
            tensors = {k: torch.from_numpy(v.astype(np.int64, copy=False)) for k, v in batch.items()}
            return self.model(**tensors).logits.float().numpy()


def length_batches(lengths: list[int], batch_size: int, max_padding: float) -> list[np.ndarray]:
    """Indices grouped shortest first; a batch closes when full or when padding every member to the
    next length would waste more than `max_padding` of its tokens."""
    order = np.argsort(lengths, kind="stable")
    batches, current, tokens = [], [], 0
    for i in order:
        padded = (len(current) + 1) * lengths[i]  # sorted: the newcomer is the longest
        if current and (len(current) == batch_size or padded - tokens - lengths[i] > max_padding * padded):
            batches.append(np.array(current))
            current, tokens = [], 0
        current.append(i)
        tokens += lengths[i]
    return batches + [np.array(current)] if current else batches


def default_backend(path: Path) -> str:
    """ONNX Runtime fp32 where the version has an export: the same answers as PyTorch, faster
    (`make bench`). int8 is faster still but not exact, so it is opt-in (STANCE_BACKEND=onnx-int8)."""
    return "onnx" if (path / ONNX_FP32_FILE).is_file() else "torch"


def _onnx_session(path: Path):
    import onnxruntime

    if not path.is_file():
        raise ModelNotFoundError(f"{path}: no ONNX export in this model version: retrain, or use backend 'torch'")
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)
