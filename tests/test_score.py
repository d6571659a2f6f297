"""`stance score`: a trained model (or the rules) on labeled articles, scored as a held-out fold."""

import json

import pytest

from stance.cli import main
from stance.paths import DATA_DIR, REPORTS_DIR, SEED_LABELS

CHECK_SET = DATA_DIR / "diagnostics" / "unseen_articles.jsonl"


def test_rules_on_the_seeds_score_as_in_the_evaluation_report(capsys):
    # The rule labeler does not train, so its leave-one-article-out figures are its scores on the seeds.
    assert main(["score", str(SEED_LABELS), "--format", "json"]) == 0
    scored = json.loads(capsys.readouterr().out)
    report = json.loads((REPORTS_DIR / "evaluation.json").read_text())
    assert scored["model"].startswith("rule labeler")
    for run in report.get("runs") or [report]:  # one run per training seed, the same for the rules
        for key in ("macro_f1", "per_class", "confusion", "statements", "countries"):
            assert scored[key] == run["systems"]["rules"][key], key


def test_a_trained_model_is_scored_on_every_candidate(tiny_model_dir, capsys):
    assert main(["score", str(CHECK_SET), "--model", str(tiny_model_dir)]) == 0
    out = capsys.readouterr().out
    assert "on 25 articles, 69 candidates" in out and "macro-F1" in out and "confusion" in out


def test_articles_without_labels_are_refused(tmp_path, capsys):
    path = tmp_path / "unlabeled.jsonl"
    path.write_text(json.dumps({"doc_id": "u1", "text": "Italy rejects sending troops.", "labels": []}) + "\n")
    assert main(["score", str(path)]) == 2
    assert "no labels" in capsys.readouterr().err


@pytest.mark.parametrize("probes, count", [("quoted_speakers.jsonl", 12), ("long_quotes.jsonl", 10)])
def test_every_quote_probe_reaches_a_candidate(probes, count):
    # quoted_speakers.jsonl measures speakers named after the quote, long_quotes.jsonl quotes of
    # several sentences; a probe whose speaker had no candidate would measure the actor finder instead.
    from stance.labels import read_labeled
    from stance.train.matching import candidate_examples, uncovered_labels

    articles = read_labeled([DATA_DIR / "diagnostics" / probes])
    assert len(articles) == count
    for article in articles:
        _, candidates, _ = candidate_examples(article)
        assert not uncovered_labels(article, candidates), article.doc_id
