"""Training options as a dataclass that validates itself."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stance.errors import InputError
from stance.paths import MODELS_DIR, default_base_model
from stance.train.base_models import resolve_base_model

# The fields that shape the training examples: `build_examples` takes them, the model card records them.
AUGMENTATION = ("actor_swaps", "phrase_swaps", "none_ratio", "bystanders")


@dataclass
class TrainingConfig:
    """Everything a training run needs; `None` fields take the documented defaults."""

    data: list[Path] | None = None  # labeled JSONL files; default: seed labels + synthetic
    base_model: str | None = None  # "minilm", "mpnet", a folder or a hub id; default: all-MiniLM-L6-v2
    epochs: float | None = None
    learning_rate: float = 5e-5
    batch_size: int = 16
    actor_swaps: int = 2  # extra copies of each labeled example with the actor renamed
    phrase_swaps: int = 1  # extra copies with the topic phrase replaced by another of the topic
    none_ratio: float = 1.5  # at most this many "none" examples per labeled one
    bystanders: bool = True  # copies of each labeled sentence opened by a clause naming a bystander
    seed: int | None = None  # default 13
    output_dir: Path | None = None

    def augmentation(self) -> dict:
        return {name: getattr(self, name) for name in AUGMENTATION}

    def __post_init__(self):
        self.epochs = 5.0 if self.epochs is None else float(self.epochs)
        self.seed = 13 if self.seed is None else self.seed
        self.base_model = resolve_base_model(self.base_model or default_base_model())
        self.output_dir = Path(self.output_dir or MODELS_DIR)
        if not 0 < self.epochs <= 50:
            raise InputError(f"epochs must be in (0, 50], got {self.epochs}")
        if not 0 < self.learning_rate < 1:
            raise InputError(f"learning_rate must be in (0, 1), got {self.learning_rate}")
        if not 0 <= self.seed < 2**32:
            raise InputError(f"seed must be in [0, 2**32), got {self.seed}")
        if self.batch_size < 1:
            raise InputError(f"batch_size must be at least 1, got {self.batch_size}")
        for name in ("actor_swaps", "phrase_swaps"):
            if getattr(self, name) < 0:
                raise InputError(f"{name} (--{name.replace('_', '-')}) must be 0 or more, got {getattr(self, name)}")
        if self.none_ratio <= 0:
            raise InputError(f"none_ratio (--none-ratio) must be above 0, got {self.none_ratio}")
        if self.data is not None:
            missing = [str(p) for p in self.data if not Path(p).is_file()]
            if missing:
                raise InputError(f"no such data file: {', '.join(missing)}")
        base = Path(self.base_model)
        if (base.is_absolute() or base.exists()) and not (base / "config.json").is_file():
            raise InputError(f"base model folder {base} has no config.json: pass a transformers model folder or hub id")
