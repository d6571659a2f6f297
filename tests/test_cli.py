"""The `stance analyze` command: formats and clear errors for bad input."""

import json
import os

import pytest

from stance.cli import main
from stance.paths import MAX_TEXT_CHARS, PROJECT_DIR

SEED = PROJECT_DIR / "seeds" / "003_85b24e822f3ef336.txt"


def test_table_lists_countries_and_evidence(capsys):
    assert main(["analyze", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "peacekeeping_troops" in out and "IT " in out and "evidence (model confidence):" in out


def test_table_cell_counts_agreeing_statements_not_confidence():
    from stance.report import as_table
    from stance.schema import AnalysisResult, Statement

    said = [Statement("Poland", "country", "PL", "ceasefire", stance, 0.9, "x", 0, 1) for stance in
            ("oppose", "oppose", "support")]
    table = as_table(AnalysisResult(stances=said), "t")
    assert "oppose (2/3)" in table and "support 0.90 [Poland, 0-1]" in table


def test_table_gives_each_statement_one_line():
    from stance.report import as_table
    from stance.schema import AnalysisResult, Statement

    wrapped = Statement("Russia", "country", "RU", "ceasefire", "oppose", 0.9, "Russia\nrejects a truce.", 0, 23)
    assert "0-23]: Russia rejects a truce." in as_table(AnalysisResult(stances=[wrapped]), "t")


def test_json_carries_offsets_and_date(capsys):
    assert main(["analyze", "--format", "json", str(SEED)]) == 0
    [result] = json.loads(capsys.readouterr().out)
    assert result["date"] == "2025-03-15"
    text = SEED.read_text(encoding="utf-8")
    for s in result["stances"]:
        assert text[s["start"]:s["end"]] == s["evidence"]


def test_date_option_reaches_every_statement_and_a_bad_one_is_refused(tmp_path, capsys):
    article = tmp_path / "mine.txt"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["analyze", "--format", "json", "--date", "2025-04-01", str(article)]) == 0
    [result] = json.loads(capsys.readouterr().out)
    assert result["date"] == "2025-04-01" and result["stances"]
    assert {s["date"] for s in result["stances"]} == {"2025-04-01"}
    assert main(["analyze", "--date", "1 April 2025", str(article)]) == 2
    err = capsys.readouterr().err
    assert "not a date written YYYY-MM-DD" in err and "Traceback" not in err


def test_csv_has_a_header(capsys):
    assert main(["analyze", "--format", "csv", str(SEED)]) == 0
    assert capsys.readouterr().out.startswith("doc_id,date,actor")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\x00\x00binary", "binary"),
        ("Fran\u00e7ais".encode("latin-1"), "not UTF-8"),
        (b"a" * (MAX_TEXT_CHARS + 1), "limit"),
    ],
)
def test_bad_files_get_a_clear_error(tmp_path, capsys, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    assert main(["analyze", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and str(path) in err and "Traceback" not in err


def test_missing_path(capsys, tmp_path):
    assert main(["analyze", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_library_refuses_empty_text_and_a_bad_date():
    import stance

    with pytest.raises(stance.InputError, match="empty"):
        stance.load().analyze("  ")
    with pytest.raises(stance.InputError, match="YYYY-MM-DD"):
        stance.load().analyze("Italy rejects a truce.", date="2025-02-30")


def test_atomic_write_leaves_no_temporary_file_and_normal_permissions(tmp_path):
    from stance.io import write_json

    write_json(tmp_path / "report.json", {"a": 1})
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    assert json.loads((tmp_path / "report.json").read_text()) == {"a": 1}
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "report.json").stat().st_mode & 0o777 == 0o666 & ~umask  # as open() would create it
