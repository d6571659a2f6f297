import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def no_trained_models(tmp_path, monkeypatch):
    """Unit tests never pick up a model trained on this machine."""
    monkeypatch.setattr("stance.loading.MODELS_DIR", tmp_path / "models")



@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    """A randomly initialised 2-layer BERT saved like a trained model (no weights downloaded)."""
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from stance.model import StanceModel
    from stance.paths import default_base_model
    from stance.schema import LABELS

    tokenizer = AutoTokenizer.from_pretrained(default_base_model())
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512, num_labels=len(LABELS),
                        id2label=dict(enumerate(LABELS)), label2id={label: i for i, label in enumerate(LABELS)})
    path = tmp_path_factory.mktemp("tiny-model")
    StanceModel(BertForSequenceClassification(config), tokenizer, path).save_pretrained(path)
    return path
