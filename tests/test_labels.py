"""Labeled-data validation (file:line errors) and the Label Studio importer."""

import json

import pytest

from stance.cli import main
from stance.errors import InputError
from stance.labels import from_label_studio, read_labeled

ARTICLE = {"doc_id": "a1", "text": "Italy rejects sending troops. Spain backs a truce.", "date": "2025-05-01",
           "source": "test", "labels": [{"actor": "Italy", "topic": "peacekeeping_troops", "stance": "oppose",
                                          "evidence": "Italy rejects sending troops."}]}


def write(tmp_path, *records):
    path = tmp_path / "labels.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))
    return path


def test_valid_article_gets_offsets(tmp_path):
    [article] = read_labeled([write(tmp_path, ARTICLE)], known={})
    [label] = article.labels
    assert (label.country, label.start, label.end) == ("IT", 0, 29)


@pytest.mark.parametrize(
    "bad, message",
    [
        ("{not json", "not valid JSON"),
        ({**ARTICLE, "labels": [{**ARTICLE["labels"][0], "topic": "sanctions"}]}, "unknown topic 'sanctions'"),
        ({**ARTICLE, "labels": [{**ARTICLE["labels"][0], "stance": "maybe"}]}, "unknown stance 'maybe'"),
        ({**ARTICLE, "labels": [{**ARTICLE["labels"][0], "actor": "Atlantis"}]}, "unknown actor 'Atlantis'"),
        ({**ARTICLE, "labels": [{**ARTICLE["labels"][0], "evidence": "Not there."}]}, "not in the article"),
        ({**ARTICLE, "text": "  "}, "non-empty text"),
        ({**ARTICLE, "date": "20/03/2025"}, "not a date written YYYY-MM-DD"),
        ({"doc_id": "zz", "actor": "Italy"}, "not a seed article"),
    ],
)
def test_each_problem_names_file_and_line(tmp_path, bad, message):
    path = write(tmp_path, ARTICLE | {"doc_id": "ok"}, bad)
    with pytest.raises(InputError) as error:
        read_labeled([path], known={})
    assert f"{path}:2:" in str(error.value) and message in str(error.value)


def test_label_studio_export_converts_and_validates(tmp_path):
    text = ARTICLE["text"]
    export = [{"id": 7, "data": {"text": text, "date": "2025-05-01"}, "annotations": [{"result": [
        {"id": "r1", "type": "labels", "value": {"start": 0, "end": 29, "text": text[:29], "labels": ["oppose"]}},
        {"id": "r1", "type": "choices", "value": {"choices": ["actor:Italy", "topic:peacekeeping_troops"]}},
    ]}]}]
    records = from_label_studio(export)
    assert records[0]["labels"][0]["stance"] == "oppose"
    source = tmp_path / "export.json"
    source.write_text(json.dumps(export))
    out = tmp_path / "imported.jsonl"
    assert main(["import-label-studio", str(source), str(out)]) == 0
    [article] = read_labeled([out], known={})
    assert article.labels[0].country == "IT"


def test_a_file_that_is_not_jsonl_gets_a_short_error(tmp_path):
    path = write(tmp_path, *["not json"] * 30)
    with pytest.raises(InputError) as error:
        read_labeled([path], known={})
    message = str(error.value)
    assert f"{path}:20:" in message and f"{path}:21:" not in message and "... and 10 more errors" in message
