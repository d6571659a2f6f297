"""`stance.load()`: the newest trained model if there is one, else the rule labeler."""

from __future__ import annotations

import logging
from pathlib import Path

from stance.analyzer import Analyzer
from stance.errors import ModelNotFoundError
from stance.paths import LABEL_MAP_FILE, MODELS_DIR

log = logging.getLogger("stance")


def model_versions(models_dir: Path | None = None) -> list[Path]:
    """Saved model versions, oldest first (folder names sort by time)."""
    root = Path(models_dir or MODELS_DIR)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / LABEL_MAP_FILE).is_file())


def load(path: str | Path | None = None, backend: str | None = None) -> Analyzer:
    """Load a model version folder, or the newest in `models/`, or fall back to rules.

    `backend` picks the inference engine of a trained model ("torch", "onnx" or "onnx-int8").
    The choice is logged, and `model.describe()` says it too.
    """
    if path is None:
        versions = model_versions()
        if not versions:
            from stance.rules import RuleLabeler

            log.info("no trained model in %s: using the rule labeler (run `stance train` to train one)", MODELS_DIR)
            return RuleLabeler()
        path = versions[-1]
    path = Path(path)
    if not (path / LABEL_MAP_FILE).is_file():
        raise ModelNotFoundError(
            f"{path} is not a saved stance model (no {LABEL_MAP_FILE}): pass a folder written by `stance train`"
        )
    from stance.model import StanceModel

    model = StanceModel.from_pretrained(path, backend=backend)
    log.info("using %s", model.describe())
    return model
