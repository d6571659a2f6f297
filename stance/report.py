"""Rendering analysis results as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json

from stance.schema import AnalysisResult, topic_names


def as_table(result: AnalysisResult, title: str) -> str:
    """The country x topic matrix, then the evidence behind each cell.

    A cell reads "oppose (2/3)": two of the three statements on it say oppose. Each statement's
    own model confidence is in the evidence list.
    """
    topics = topic_names()
    rows = result.by_country()
    cells = {(r.country, r.topic): r for r in rows}
    countries = sorted({r.country for r in rows})
    width = max([len("country"), *map(len, countries)])
    lines = [title, f"{'country':<{width}}  " + "  ".join(f"{t:<22}" for t in topics)]
    for country in countries:
        values = []
        for topic in topics:
            row = cells.get((country, topic))
            agreeing = sum(s.stance == row.stance for s in row.evidence) if row else 0
            values.append(f"{row.stance} ({agreeing}/{len(row.evidence)})" if row else "-")
        lines.append(f"{country:<{width}}  " + "  ".join(f"{v:<22}" for v in values))
    if not countries:
        lines.append("(no stances found)")
    lines.append("cells: stance (statements saying it / statements on the cell)")
    lines.append("evidence (model confidence):")
    for row in rows:
        for s in row.evidence:
            quote = " ".join(s.evidence.split())  # one line per statement, even for text with line breaks
            quote = quote if len(quote) <= 160 else quote[:157] + "..."
            where = f"[{s.actor}, {s.start}-{s.end}]"
            lines.append(f"  {row.country} {row.topic} {s.stance} {s.confidence:.2f} {where}: {quote}")
    return "\n".join(lines)


def as_json(results: list[AnalysisResult]) -> str:
    return json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False)


def as_csv(results: list[AnalysisResult]) -> str:
    out = io.StringIO()
    fields = ["doc_id", "date", "actor", "actor_type", "country", "topic", "stance", "confidence", "start", "end",
              "evidence"]
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    for result in results:
        for s in result.stances:
            writer.writerow({k: v for k, v in s.to_dict().items() if k in fields})
    return out.getvalue()
