"""Does the model read the actor? Probes whose answer depends on which mention is asked about."""

from __future__ import annotations

import json
import re

from stance.paths import DATA_DIR

PROBES = DATA_DIR / "diagnostics" / "actor_swap.jsonl"


def load_probes() -> list[dict]:
    return [json.loads(line) for line in PROBES.read_text(encoding="utf-8").splitlines() if line.strip()]


def swapped(probe: dict) -> dict:
    """The same sentence with its two actors exchanged: the expected stances follow the position."""
    first, second = probe["expect"]
    text = re.sub(rf"\b({re.escape(first)}|{re.escape(second)})\b", lambda m: second if m.group() == first else first,
                  probe["text"])
    return {**probe, "text": text, "expect": {second: probe["expect"][first], first: probe["expect"][second]}}


def actor_swap_report(model) -> dict:
    """Accuracy on the probes as written and with the actors exchanged, with every miss listed."""
    def run(probes):
        items = [(p["text"], actor, p["topic"]) for p in probes for actor in p["expect"]]
        expected = [stance for p in probes for stance in p["expect"].values()]
        predicted = [pred.label for pred in model.classify(items)]
        misses = [{"text": t, "actor": a, "expected": e, "predicted": p}
                  for (t, a, _), e, p in zip(items, expected, predicted, strict=True) if e != p]
        return sum(e == p for e, p in zip(expected, predicted, strict=True)), len(items), misses

    probes = load_probes()
    right, total, misses = run(probes)
    right_swapped, _, misses_swapped = run([swapped(p) for p in probes])
    return {"accuracy": round(right / total, 3), "swapped_accuracy": round(right_swapped / total, 3),
            "total": total, "misses": misses + misses_swapped}
