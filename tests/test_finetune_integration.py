"""The real MiniLM learns from a few examples (integration: loads the packaged base model)."""

import pytest

from stance.train.config import TrainingConfig
from stance.train.examples import Example
from stance.train.trainer import fine_tune

pytestmark = pytest.mark.integration

SENTENCES = {
    "oppose": "[ {a} ] rejects sending peacekeeping troops to Ukraine.",
    "support": "[ {a} ] is ready to send peacekeeping troops to Ukraine.",
    "conditional": "[ {a} ] will only provide logistical support to a peacekeeping force.",
    "none": "A meeting on peacekeeping troops was held with [ {a} ] present.",
}
ACTORS = ["Italy", "Spain", "Norway", "Canada", "Japan", "Greece", "Sweden", "Austria"]


def test_minilm_learns_a_clear_pattern():
    examples = [Example(f"stance of {a} on sending peacekeeping troops to Ukraine", s.format(a=a), label, "t", a)
                for label, s in SENTENCES.items() for a in ACTORS]
    model, curve = fine_tune(examples, TrainingConfig(epochs=10, learning_rate=1e-4, batch_size=8))
    losses = curve["loss_curve"]
    assert losses[-1] < losses[0] * 0.5
    [prediction] = model.classify([("Portugal rejects sending peacekeeping troops to Ukraine.", "Portugal",
                                    "peacekeeping_troops")])
    assert prediction.label == "oppose"
