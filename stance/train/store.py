"""Adding a saved model version to the BentoML model store (one name, a version per run)."""

from __future__ import annotations

import shutil
from pathlib import Path

from stance.paths import BENTO_MODEL_NAME


def save_to_bentoml(version_dir: Path, metadata: dict | None = None) -> str:
    """Copy a model version folder into the store; return the new tag."""
    import bentoml

    with bentoml.models.create(
        name=BENTO_MODEL_NAME,
        labels={"source": "stance train", "version_dir": Path(version_dir).name},
        metadata={k: v for k, v in (metadata or {}).items() if isinstance(v, (str, int, float, bool))},
    ) as bento_model:
        shutil.copytree(version_dir, bento_model.path, dirs_exist_ok=True)
    return str(bento_model.tag)
