"""Inference speed of the stance classifier on this CPU, alternatives side by side in one run.

Usage: python benchmarks/bench_inference.py [--model DIR] [--repeats 5] [--peak-gflops 183]

Measures, after a warm-up, the median of repeated rounds (the paths take turns in each round) of:
- a plain transformers pipeline("text-classification") called one pair at a time and with batch_size=32;
- our batched path on PyTorch eager, ONNX Runtime fp32 and ONNX Runtime int8;
pairs per second at batch 1 and 32, analyze() time per seed article, the ratio to the plain
pipeline, and the share of the CPU's fp32 peak reached. It also checks that int8 agrees with fp32.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

import stance  # noqa: E402
from stance.candidates import Article  # noqa: E402
from stance.encoding import candidate_pair  # noqa: E402
from stance.labels import default_training_files, read_labeled, seed_articles  # noqa: E402
from stance.schema import topic_names  # noqa: E402
from stance.train.matching import uncovered_labels  # noqa: E402


def flops_per_pair(config, tokens: int) -> float:
    """Matrix-multiply FLOPs of one BERT forward pass over `tokens` tokens (2 per multiply-add)."""
    h, inner, layers = config.hidden_size, config.intermediate_size, config.num_hidden_layers
    per_layer = 2 * tokens * (4 * h * h + 2 * h * inner) + 2 * 2 * tokens * tokens * h
    return layers * per_layer


def pruning_report(labeled) -> str:
    """Pairs scored (candidates) against every actor-in-sentence x topic pair, and the gold recall kept."""
    scored = possible = labels = lost = 0
    for article in labeled:
        parsed = Article.parse(article.text)
        candidates = parsed.candidates()
        scored += len(candidates)
        possible += len({(m.sentence, m.actor) for m in parsed.mentions}) * len(topic_names())
        labels += len(article.labels)
        lost += len(uncovered_labels(article, candidates))
    return (f"pruning: {scored} candidate pairs scored of {possible} actor-sentence-topic pairs "
            f"({100 * scored / possible:.0f}%); gold stances reachable {labels - lost}/{labels}")


def interleaved_medians(runs: dict, repeats: int) -> dict:
    """Median seconds of each run; the runs take turns in every round, so a slower spell of the
    machine (other tenants, clock changes) hits all of them alike, not whichever ran then."""
    for run in runs.values():
        run()  # warm-up
    times = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(t) for name, t in times.items()}


def at_batch(model, size: int, pairs):
    def run():
        model.batch_size = size
        model.probabilities(pairs)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="model version folder (default: newest in models/)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pairs", type=int, default=128, help="pairs per throughput run")
    parser.add_argument("--peak-gflops", type=float, default=183.0,
                        help="fp32 peak of the CPU: 2 Zen 3 cores x 2 FMA x 8 lanes x 2 x ~2.86 GHz under load")
    args = parser.parse_args()

    import torch
    from transformers import pipeline

    torch.set_num_threads(os.cpu_count() or 2)
    torch_model = stance.load(args.model, backend="torch")
    path = torch_model.path
    models = {"torch eager (ours)": torch_model,
              "onnx fp32 (ours)": stance.load(path, backend="onnx"),
              "onnx int8 (ours)": stance.load(path, backend="onnx-int8")}

    articles = list(seed_articles().values())
    pairs = []
    for article in articles:
        parsed = Article.parse(article.text)
        pairs += [candidate_pair(article.text, c) for c in parsed.candidates()]
    pairs = (pairs * (args.pairs // len(pairs) + 1))[: args.pairs]
    lengths = [len(torch_model.tokenizer(p.hypothesis, p.premise)["input_ids"]) for p in pairs]
    mean_flops = statistics.mean(flops_per_pair(torch_model.model.config, n) for n in lengths)
    print(f"model {path.name}; {len(pairs)} pairs, mean {statistics.mean(lengths):.0f} tokens, "
          f"{mean_flops / 1e9:.2f} GFLOP per pair; peak {args.peak_gflops:.0f} GFLOP/s; "
          f"{torch.get_num_threads()} threads")

    labeled = read_labeled(default_training_files())
    seeds = [a for a in labeled if not a.synthetic]
    print(pruning_report(seeds))

    pipe = pipeline("text-classification", model=torch_model.model, tokenizer=torch_model.tokenizer, device="cpu")
    inputs = [{"text": p.hypothesis, "text_pair": p.premise} for p in pairs]
    runs = {"pipe1": lambda: [pipe(x) for x in inputs[:32]], "pipe32": lambda: pipe(inputs, batch_size=32)}
    for name, model in models.items():
        runs[(name, 1)] = at_batch(model, 1, pairs[:32])
        runs[(name, 32)] = at_batch(model, 32, pairs)
    seconds = interleaved_medians(runs, args.repeats)
    one_by_one, batched_pipe = seconds["pipe1"] / 32, seconds["pipe32"] / len(inputs)
    rows = [("pipeline, one pair per call", 1 / one_by_one, None), ("pipeline, batch_size=32", None, 1 / batched_pipe)]
    rows += [(name, 32 / seconds[(name, 1)], len(pairs) / seconds[(name, 32)]) for name in models]

    print("\n| path | pairs/s batch 1 | pairs/s batch 32 | x pipeline (1 pair/call) | x pipeline (batch 32) "
          "| % of fp32 peak at 32 |")
    print("|---|---|---|---|---|---|")
    base1, base32 = 1 / one_by_one, 1 / batched_pipe
    for name, b1, b32 in rows:
        best = b32 or b1
        print(f"| {name} | {b1 and f'{b1:.1f}' or '-'} | {b32 and f'{b32:.1f}' or '-'} | {best / base1:.1f} | "
              f"{best / base32:.2f} | {100 * best * mean_flops / 1e9 / args.peak_gflops:.0f}% |")

    print("\n| path | " + " | ".join(a.doc_id[:3] for a in articles) + " | median ms per article |")
    print("|---|" + "---|" * (len(articles) + 1))
    for model in models.values():
        model.batch_size = 32
    per_article = interleaved_medians({(name, a.doc_id): (lambda m=model, a=a: m.analyze(a.text))
                                       for name, model in models.items() for a in articles}, args.repeats)
    for name in models:
        times = [1000 * per_article[(name, a.doc_id)] for a in articles]
        print(f"| {name} | " + " | ".join(f"{t:.0f}" for t in times) + f" | {statistics.median(times):.0f} |")

    print("\nint8 vs fp32 agreement (labels, largest probability difference):")
    for name, data in (("seeds", seeds),
                       ("synthetic", [a for a in labeled if a.synthetic])):
        set_pairs = []
        for a in data:
            parsed = Article.parse(a.text)
            set_pairs += [candidate_pair(a.text, c) for c in parsed.candidates()]
        fp32 = models["onnx fp32 (ours)"].probabilities(set_pairs)
        int8 = models["onnx int8 (ours)"].probabilities(set_pairs)
        eager = torch_model.probabilities(set_pairs)
        agree = float(np.mean(fp32.argmax(1) == int8.argmax(1)))
        print(f"  {name}: {len(set_pairs)} pairs, int8 labels agree {100 * agree:.1f}%, max |dp| "
              f"{np.abs(fp32 - int8).max():.3f}; onnx fp32 vs torch max |dp| {np.abs(fp32 - eager).max():.5f}")


if __name__ == "__main__":
    main()
