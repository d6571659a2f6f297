"""The seed articles and their gold labels: exact quotes, valid records, a careful reading."""

import json

import pytest

from stance.labels import default_training_files, read_labeled, seed_articles
from stance.paths import PROJECT_DIR, SEED_LABELS, SEED_METADATA
from stance.schema import AnalysisResult
from stance.train.matching import gold_statements

SHARED_SEEDS = PROJECT_DIR.parent / "shared" / "seeds"


def test_seeds_are_the_users_files_unchanged():
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for original in sorted(SHARED_SEEDS.iterdir()):
        assert (PROJECT_DIR / "seeds" / original.name).read_bytes() == original.read_bytes()


def test_every_quote_sits_at_its_offsets():
    articles = seed_articles()
    records = [json.loads(line) for line in SEED_LABELS.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 40
    for record in records:
        text = articles[record["doc_id"]].text
        assert text[record["start"]:record["end"]] == record["evidence"]


def test_label_file_validates():
    articles = read_labeled([SEED_LABELS])
    assert {a.doc_id for a in articles} == {m["doc_id"] for m in json.loads(SEED_METADATA.read_text())}


def test_default_training_data_validates():
    """Every synthetic file is valid and marked synthetic, so it is never evaluated on."""
    articles = read_labeled(default_training_files())
    synthetic = [a for a in articles if a.synthetic]
    assert len(synthetic) == len(articles) - len(seed_articles())


def test_dates_come_from_the_text():
    dates = {doc_id: a.date for doc_id, a in seed_articles().items()}
    assert dates["000_5ebcfafd0a5a12e5"] == "2025-04-04"
    assert dates["001_5188e4d4657f0f4e"] == "2025-03-13"
    assert dates["004_31edad9458600033"] is None  # the text gives none


def gold_matrix():
    cells = {}
    for article in read_labeled([SEED_LABELS]):
        result = AnalysisResult(gold_statements(article), article.doc_id, article.date)
        for row in result.by_country():
            cells.setdefault((row.country, row.topic), set()).add(row.stance)
    return cells


def test_gold_labels_agree_with_a_careful_reading():
    cells = gold_matrix()
    assert cells[("GB", "peacekeeping_troops")] == {"support"}
    assert cells[("FR", "peacekeeping_troops")] == {"support"}
    for country in ("IT", "HU", "SK"):
        assert cells[(country, "peacekeeping_troops")] == {"oppose"}
    assert cells[("PL", "peacekeeping_troops")] == {"conditional"}  # Tusk outweighs the list
    assert cells[("RU", "peacekeeping_troops")] == {"oppose"}
    assert cells[("RU", "demilitarization")] == {"support"}
    assert cells[("FR", "demilitarization")] == {"oppose"}
    assert cells[("UA", "ceasefire")] == {"support"}
    assert cells[("US", "ceasefire")] == {"support"}
    assert cells[("RU", "ceasefire")] == {"conditional", "oppose"}
