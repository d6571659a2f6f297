"""Which layers can int8 take without changing answers? Quantization variants against ONNX fp32.

Usage: python benchmarks/int8_variants.py [--model DIR] [--data FILE ...] [--repeats 5]

Quantizes the model's fp32 export three ways (per-channel dynamic int8, as `stance train` does):
every op ONNX Runtime can quantize (the shipped model.int8.onnx), MatMul only, and MatMul with the
six feed-forward output layers kept in fp32 (their inputs, after GELU, have the widest range).
For each: labels changed and the largest probability difference against fp32 on the seed and
synthetic candidates (and on any extra labeled files given with --data), pairs/s at batch 32 and
the median analyze() time per seed article. The variants are written to a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import numpy as np
from bench_inference import at_batch, interleaved_medians  # also puts the project on sys.path

import stance
from stance.candidates import Article
from stance.encoding import candidate_pair
from stance.labels import default_training_files, read_labeled, seed_articles
from stance.model import _onnx_session
from stance.paths import ONNX_FP32_FILE


def variants(fp32_path: Path) -> dict:
    """quantize_dynamic options of each variant."""
    import onnx

    matmuls = [n.name for n in onnx.load(str(fp32_path)).graph.node if n.op_type == "MatMul"]
    ffn_out = [n for n in matmuls if "/output/dense/" in n and "/attention/" not in n]
    return {"all ops (shipped)": {},
            "MatMul only": {"op_types_to_quantize": ["MatMul"]},
            "MatMul, FFN output in fp32": {"op_types_to_quantize": ["MatMul"], "nodes_to_exclude": ffn_out}}


def candidate_pairs(articles) -> list:
    return [candidate_pair(a.text, c) for a in articles for c in Article.parse(a.text).candidates()]


def main() -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="model version folder (default: newest in models/)")
    parser.add_argument("--data", nargs="*", default=[], help="more labeled JSONL files to check agreement on")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    exact = stance.load(args.model, backend="onnx")
    labeled = read_labeled(default_training_files())
    sets = {"seeds": candidate_pairs([a for a in labeled if not a.synthetic]),
            "synthetic": candidate_pairs([a for a in labeled if a.synthetic])}
    if args.data:
        sets["--data"] = candidate_pairs(read_labeled([Path(f) for f in args.data]))
    reference = {name: exact.probabilities(pairs) for name, pairs in sets.items()}
    articles = list(seed_articles().values())
    models, rows = {"fp32 (exact)": exact}, {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, options in variants(exact.path / ONNX_FP32_FILE).items():
            target = Path(scratch) / f"{len(models)}.onnx"
            quantize_dynamic(str(exact.path / ONNX_FP32_FILE), str(target), weight_type=QuantType.QInt8,
                             per_channel=True, **options)
            model = stance.load(exact.path, backend="onnx")
            model.session = _onnx_session(target)
            models[name] = model
            rows[name] = []
            for set_name, pairs in sets.items():
                probabilities = model.probabilities(pairs)
                changed = int((probabilities.argmax(1) != reference[set_name].argmax(1)).sum())
                rows[name].append(f"{changed}/{len(pairs)}, {np.abs(probabilities - reference[set_name]).max():.3f}")
        runs = {(name, "b32"): at_batch(model, 32, sets["seeds"]) for name, model in models.items()}
        runs |= {(name, a.doc_id): (lambda m=model, a=a: m.analyze(a.text))
                 for name, model in models.items() for a in articles}
        seconds = interleaved_medians(runs, args.repeats)

    print(f"model {exact.path.name}; labels changed / largest probability difference against fp32\n")
    print("| variant | " + " | ".join(sets) + " | pairs/s batch ≤32 | analyze() median ms |")
    print("|---|" + "---|" * (len(sets) + 2))
    for name in models:
        agreement = rows.get(name, ["reference"] * len(sets))
        per_article = statistics.median(1000 * seconds[(name, a.doc_id)] for a in articles)
        print(f"| {name} | " + " | ".join(agreement) +
              f" | {len(sets['seeds']) / seconds[(name, 'b32')]:.1f} | {per_article:.0f} |")


if __name__ == "__main__":
    main()
