"""Fine-tuning the cross-encoder and saving a model version atomically."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from stance.errors import InputError
from stance.labels import LabeledArticle, data_hash, default_training_files, read_labeled
from stance.model import MAX_LENGTH, StanceModel
from stance.paths import MODEL_CARD_FILE, REPORTS_DIR, TRAINING_INFO_FILE
from stance.schema import LABELS
from stance.train.base_models import base_name
from stance.train.config import TrainingConfig
from stance.train.examples import Example, build_examples

log = logging.getLogger("stance")


def fine_tune(examples: list[Example], config: TrainingConfig, progress: bool = False) -> tuple[StanceModel, dict]:
    """Train a fresh classifier head on the base model; return the model and the loss curve."""
    import torch
    from datasets import Dataset
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        DataCollatorWithPadding,
        Trainer,
        TrainingArguments,
        set_seed,
    )

    if not examples:
        raise InputError("no training examples: the labeled data named no actor on any topic")
    set_seed(config.seed)
    tokenizer = AutoTokenizer.from_pretrained(config.base_model)
    model = AutoModelForSequenceClassification.from_pretrained(
        config.base_model, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    dataset = Dataset.from_dict({
        "hypothesis": [e.hypothesis for e in examples],
        "premise": [e.premise for e in examples],
        "label": [LABELS.index(e.label) for e in examples],
    }).map(lambda b: tokenizer(b["hypothesis"], b["premise"], truncation="only_second", max_length=MAX_LENGTH),
           batched=True, remove_columns=["hypothesis", "premise"])
    # Weight classes by inverse frequency: "none" is common, "conditional" is rare.
    counts = Counter(e.label for e in examples)
    weights = torch.tensor([len(examples) / (len(LABELS) * max(counts[label], 1)) for label in LABELS])

    class WeightedTrainer(Trainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            labels = inputs.pop("labels")
            outputs = model(**inputs)
            loss = torch.nn.functional.cross_entropy(outputs.logits, labels, weight=weights.to(outputs.logits.dtype))
            return (loss, outputs) if return_outputs else loss

    with _scratch_dir() as scratch:
        args = TrainingArguments(
            output_dir=scratch, num_train_epochs=config.epochs, learning_rate=config.learning_rate,
            per_device_train_batch_size=config.batch_size, warmup_steps=0.1, weight_decay=0.01,
            logging_steps=10, save_strategy="no", report_to=[], seed=config.seed, disable_tqdm=not progress,
            use_cpu=True, dataloader_num_workers=0,
        )
        trainer = WeightedTrainer(model=model, args=args, train_dataset=dataset,
                                  data_collator=DataCollatorWithPadding(tokenizer))
        trainer.train()
        losses = [round(entry["loss"], 4) for entry in trainer.state.log_history if "loss" in entry]
    model.eval()
    return StanceModel(model, tokenizer), {"loss_curve": losses}


class _scratch_dir:
    """A temporary folder for the Trainer's own files, removed afterwards."""

    def __enter__(self) -> str:
        import tempfile

        self.path = tempfile.mkdtemp(prefix="stance-train-")
        return self.path

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def training_examples(articles: list[LabeledArticle], config: TrainingConfig) -> list[Example]:
    """The examples (with augmentation) that `config` asks for."""
    return build_examples(articles, seed=config.seed, **config.augmentation())


def load_training_data(config: TrainingConfig) -> list[LabeledArticle]:
    """Every input validated first: a bad line stops the run before anything is written."""
    files = config.data if config.data is not None else default_training_files()
    articles = read_labeled(files)
    if not any(a.labels for a in articles):
        raise InputError(f"no labels in {', '.join(map(str, files))}: add labeled articles (docs/data-format.md)")
    return articles


def train(config: TrainingConfig, save_to_bentoml: bool = True) -> str:
    """Validate, fine-tune, save a new version under `config.output_dir`; return its name."""
    articles = load_training_data(config)
    examples = training_examples(articles, config)
    log.info("training on %d examples from %d articles (%s)", len(examples), len(articles),
             dict(Counter(e.label for e in examples)))
    started = time.perf_counter()
    model, curve = fine_tune(examples, config, progress=True)
    seconds = round(time.perf_counter() - started, 1)
    version = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    info = {
        "version": version,
        "base_model": base_name(config.base_model),
        "data_files": [str(p) for p in (config.data or default_training_files())],
        "data_hash": data_hash(articles),
        "articles": len(articles),
        "examples": len(examples),
        "label_counts": dict(Counter(e.label for e in examples)),
        "epochs": config.epochs,
        "learning_rate": config.learning_rate,
        "seed": config.seed,
        "augmentation": config.augmentation(),
        "train_seconds": seconds,
        "cpu_threads": _threads(),
        **curve,
    }
    target = save_version(model, info, config.output_dir / version)
    log.info("saved %s (%.0f s of training)", target, seconds)
    if save_to_bentoml:
        from stance.train.store import save_to_bentoml as store

        info["bentoml_tag"] = store(target, info)
        log.info("added to the BentoML model store as %s", info["bentoml_tag"])
    return version


def save_version(model: StanceModel, info: dict, target: Path) -> Path:
    """Write everything into a hidden folder, then rename: a version is complete or absent."""
    from stance.train.diagnostics import actor_swap_report

    target = Path(target)
    staging = target.parent / f".{target.name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        model.save_pretrained(staging)
        model.path = staging
        info["diagnostics"] = {"actor_swap": actor_swap_report(model)}
        info["evaluation"] = _latest_evaluation(info.get("data_hash"))
        try:
            from stance.train.export import export_onnx

            info["onnx"] = export_onnx(model, staging)
        except Exception as exc:  # the torch backend still works without an export
            log.warning("ONNX export failed (%s): the model will run on PyTorch only", exc)
            info["onnx"] = {"error": str(exc)}
        (staging / TRAINING_INFO_FILE).write_text(json.dumps(info, indent=2) + "\n")
        (staging / MODEL_CARD_FILE).write_text(model_card(info))
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    model.path = target
    return target


def _latest_evaluation(training_hash: str | None) -> dict | None:
    """The committed leave-one-article-out figures, noting whether they match this data."""
    report = REPORTS_DIR / "evaluation.json"
    if not report.is_file():
        return None
    data = json.loads(report.read_text())
    # A report of several training seeds has a bootstrap per seed; its summary is their mean.
    runs = data.get("runs") or [{"seed": data.get("training", {}).get("seed"), **data}]
    return {"report": str(report.relative_to(REPORTS_DIR.parent)), "seeds": [run["seed"] for run in runs],
            "macro_f1": data.get("summary"),
            "macro_f1_95": {str(run["seed"]): run.get("bootstrap", {}).get("macro_f1_95") for run in runs},
            "same_training_data": data.get("data_hash") == training_hash}


def model_card(info: dict) -> str:
    ev = info.get("evaluation") or {}
    swap = info.get("diagnostics", {}).get("actor_swap", {})
    return f"""# stance-classifier {info['version']}

A cross-encoder that reads (actor, topic, sentence) and says whether the sentence shows the actor
supporting, opposing or conditionally accepting the topic, or no stance (`{'`, `'.join(LABELS)}`).

- Base model: `{info['base_model']}`
- Training data: {', '.join(info['data_files'])} (hash `{info['data_hash']}`, {info['articles']} articles,
  {info['examples']} examples after augmentation: {info['label_counts']})
- Epochs: {info['epochs']}, learning rate {info['learning_rate']}, seed {info.get('seed')}
- Augmentation (`TrainingConfig`): {info.get('augmentation')}
- Training time: {info['train_seconds']} s on {info['cpu_threads']} CPU threads

## Evaluation
Leave-one-article-out macro-F1 over the seed articles (from `{ev.get('report', 'reports/evaluation.json')}`,
computed by `stance evaluate`; same training data as this version: {ev.get('same_training_data')};
training seeds {ev.get('seeds')}, the mean where several):
{json.dumps(ev.get('macro_f1'), indent=2) if ev else 'not yet computed: run `stance evaluate`'}

95% intervals by training seed (paired bootstrap over the held-out candidates): {json.dumps(ev.get('macro_f1_95'))}

Actor-swap diagnostic (hand-written probes, never trained on): {swap.get('accuracy')} of
{swap.get('total')} probes right, {swap.get('swapped_accuracy')} with the actors exchanged.

## Limits
Trained on five seed articles and hand-written synthetic statements about the war in Ukraine
(2025). Scores on training data are not quality; see the evaluation report.
"""


def _threads() -> int:
    import torch

    return torch.get_num_threads()
