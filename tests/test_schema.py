"""Topics as data and the country roll-up."""

import json

from stance.schema import AnalysisResult, Statement, load_topics


def statement(actor, actor_type, country, stance, confidence=0.9, start=0):
    return Statement(actor, actor_type, country, "peacekeeping_troops", stance, confidence, "x", start, start + 1)


def test_a_topic_can_be_added_as_data(tmp_path):
    path = tmp_path / "topics.json"
    path.write_text(json.dumps({"sanctions": {"description": "d", "hypothesis": "lifting sanctions", "cues": ["sanctions"]}}))
    assert load_topics(path)["sanctions"].cues == ("sanctions",)


def test_persons_words_outweigh_a_description_of_their_country():
    result = AnalysisResult([
        statement("Poland", "country", "PL", "oppose"),
        statement("Donald Tusk", "person", "PL", "conditional", start=5),
    ])
    [row] = result.by_country()
    assert (row.country, row.stance, len(row.evidence)) == ("PL", "conditional", 2)
    assert 0.5 < row.confidence < 1


def test_by_actor_keeps_actors_apart():
    result = AnalysisResult([statement("Poland", "country", "PL", "oppose"),
                             statement("Donald Tusk", "person", "PL", "conditional")])
    assert {(r.actor, r.stance) for r in result.by_actor()} == {("Poland", "oppose"), ("Donald Tusk", "conditional")}
