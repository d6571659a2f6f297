"""The transformer model's load/save/predict path, on a tiny random BERT."""

import json

import pytest

import stance
from stance.model import StanceModel
from stance.schema import LABELS


def test_save_and_load_round_trip(tiny_model_dir):
    model = stance.load(tiny_model_dir)
    assert isinstance(model, StanceModel)
    assert json.loads((tiny_model_dir / "label_map.json").read_text())["labels"] == list(LABELS)
    assert (tiny_model_dir / "model.safetensors").is_file()


def test_analyze_returns_labels_from_the_label_set(tiny_model_dir):
    model = stance.load(tiny_model_dir)
    text = "Italy rejects sending peacekeeping troops. Spain backs a truce in Ukraine."
    result = model.analyze(text, doc_id="t")
    for s in result.stances:
        assert s.stance in stance.STANCES and text[s.start:s.end] == s.evidence


def test_classify_gives_probabilities(tiny_model_dir):
    model = stance.load(tiny_model_dir)
    [p] = model.classify([("Poland offers only logistical support.", "Poland", "peacekeeping_troops")])
    assert set(p.probabilities) == set(LABELS) and abs(sum(p.probabilities.values()) - 1) < 1e-3


def test_classify_refuses_unknown_topic(tiny_model_dir):
    with pytest.raises(stance.InputError, match="unknown topic"):
        stance.load(tiny_model_dir).classify([("Text here.", "Poland", "sanctions")])


def test_newest_version_is_loaded(tiny_model_dir, tmp_path, monkeypatch):
    import shutil

    for name in ("20250101-000000", "20250102-000000"):
        shutil.copytree(tiny_model_dir, tmp_path / name)
    monkeypatch.setattr("stance.loading.MODELS_DIR", tmp_path)
    assert stance.load().path.name == "20250102-000000"
