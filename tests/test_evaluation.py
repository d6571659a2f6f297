"""The leave-one-article-out protocol and its paired bootstrap (the fast systems only)."""

import json

from stance.train.evaluation import leave_one_article_out, paired_bootstrap


def test_every_system_is_scored_on_the_same_candidates():
    results, rows = leave_one_article_out(systems=("rules", "tfidf"))
    assert len({r["doc_id"] for r in rows}) == 5  # every seed article held out once
    for name, scores in results.items():
        assert sum(map(sum, scores["confusion"])) == len(rows)
        assert all(name in r for r in rows)
    # a label no candidate reaches is scored as missed, not dropped
    assert all(r["rules"] == "none" for r in rows if r.get("no_candidate"))


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
    assert len(report["candidates"]) == sum(map(sum, report["systems"]["tfidf"]["confusion"]))
    assert (tmp_path / "confusion.png").read_bytes().startswith(b"\x89PNG")
    assert "tfidf" in capsys.readouterr().out
