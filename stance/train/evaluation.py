"""Held-out evaluation of the rule labeler, TF-IDF and the fine-tuned model.

By default each seed article is held out in turn; the learned systems train on the other four
plus the synthetic data (which is never evaluated on). On a user's own labeled articles the
same protocol runs by article folds, training on the other folds plus the default training
data. Scores are per candidate (actor, topic, sentence), with labels that no candidate reaches
counted as missed, plus statement- and country-level scores of the full `analyze()` output.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import datasets
import evaluate
import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from stance.analyzer import statements as to_statements
from stance.errors import InputError
from stance.labels import LabeledArticle, data_hash, default_training_files, read_labeled
from stance.paths import SEED_LABELS
from stance.schema import LABELS, NONE, STANCES, topics
from stance.train.base_models import base_name
from stance.train.config import TrainingConfig
from stance.train.matching import candidate_examples, gold_statements, score_statements, uncovered_labels
from stance.train.trainer import fine_tune, training_examples

log = logging.getLogger("stance")


class StanceScores(evaluate.Metric):
    """Per-class precision/recall/F1 and macro-F1 over the three stances (`none` is the background)."""

    def _info(self):
        return evaluate.MetricInfo(
            description=self.__doc__, citation="", inputs_description="string labels",
            features=datasets.Features({"predictions": datasets.Value("string"),
                                        "references": datasets.Value("string")}),
        )

    def _compute(self, predictions, references):
        p, r, f, support = precision_recall_fscore_support(references, predictions, labels=list(STANCES),
                                                           zero_division=0)
        per_class = {label: {"precision": round(float(p[i]), 3), "recall": round(float(r[i]), 3),
                             "f1": round(float(f[i]), 3), "support": int(support[i])}
                     for i, label in enumerate(STANCES)}
        return {"macro_f1": round(float(np.mean(f)), 3), "per_class": per_class,
                "confusion": confusion_matrix(references, predictions, labels=list(LABELS)).tolist()}


def _systems(names, config: TrainingConfig):
    from stance.rules import RuleLabeler
    from stance.train.baseline import TfidfBaseline

    def rules(train_articles):
        return RuleLabeler()

    def tfidf(train_articles):
        examples = training_examples(train_articles, config)
        return TfidfBaseline().fit([e.hypothesis for e in examples], [e.premise for e in examples],
                                   [e.label for e in examples])

    def minilm(train_articles):
        return fine_tune(training_examples(train_articles, config), config)[0]

    # Both learned systems train on the same examples, from the same config.
    table = {"rules": rules, "tfidf": tfidf, "minilm": minilm}
    return {name: table[name] for name in names}


def article_folds(articles: list[LabeledArticle], folds: int | None = None) -> list[list[LabeledArticle]]:
    """The articles dealt into `folds` groups in turn; `None` holds out one article per fold."""
    if len(articles) < 2:
        raise InputError(f"held-out evaluation needs at least 2 labeled articles, got {len(articles)}: add articles")
    count = len(articles) if folds is None else folds
    if not 2 <= count <= len(articles):
        raise InputError(f"folds must be between 2 and the number of articles ({len(articles)}), got {count}: "
                         f"pass --folds from 2 to {len(articles)}")
    return [articles[i::count] for i in range(count)]


def held_out_articles(data: list[Path] | None = None) -> tuple[list[LabeledArticle], list[LabeledArticle]]:
    """The articles to evaluate on (default: the seeds) and those every fold also trains on:
    the default training data, less the evaluated articles."""
    files = data or [SEED_LABELS]
    evaluated = read_labeled(files)
    if not any(a.labels for a in evaluated):
        raise InputError(f"no labels in {', '.join(map(str, files))}: "
                         "evaluate needs labeled articles (docs/data-format.md)")
    ids = {a.doc_id for a in evaluated}
    return evaluated, [a for a in read_labeled(default_training_files()) if a.doc_id not in ids]


def cross_validate(systems=("rules", "tfidf", "minilm"), config: TrainingConfig | None = None,
                   articles: list[LabeledArticle] | None = None, always: list[LabeledArticle] | None = None,
                   folds: int | None = None) -> tuple[dict, list[dict]]:
    """Hold out each fold of `articles` in turn (default: each seed article) while training on the
    other folds plus `always`; return the scores per system and one row per held-out candidate
    with the gold label and each system's."""
    articles, always = held_out_articles() if articles is None else (articles, always or [])
    groups = article_folds(articles, folds)
    held_out = {a.doc_id: candidate_examples(a) for a in articles}  # parsed, candidates, gold
    missed = {a.doc_id: uncovered_labels(a, held_out[a.doc_id][1]) for a in articles}
    rows = [{"doc_id": doc_id, "actor": c.mention.text, "topic": c.topic, "evidence": c.evidence(parsed.text),
             "gold": g}
            for doc_id, (parsed, candidates, gold) in held_out.items()
            for c, g in zip(candidates, gold, strict=True)]
    rows += [{"doc_id": doc_id, "actor": label.actor, "topic": label.topic, "evidence": label.evidence,
              "gold": label.stance, "no_candidate": True} for doc_id, labels in missed.items() for label in labels]
    results = {}
    for name, build in _systems(systems, config or TrainingConfig()).items():
        predicted, ablated, statements, golds, seconds = {}, {}, [], [], 0.0
        for fold, group in enumerate(groups, 1):
            started = time.perf_counter()
            held = {a.doc_id for a in group}
            model = build([a for a in articles if a.doc_id not in held] + always)
            trained = time.perf_counter() - started
            seconds += trained
            for article in group:
                parsed, candidates, gold = held_out[article.doc_id]
                predicted[article.doc_id], said = _predict(model, article, parsed, candidates)
                if name == "minilm":
                    ablated[article.doc_id] = _ablated_predictions(model, parsed, candidates)
                statements += said
                golds += gold_statements(article)
            # A fine-tuned fold takes minutes to half an hour: show where a long run is.
            log.info("%s: fold %d/%d trained in %.0f s, held out %s", name, fold, len(groups), trained,
                     ", ".join(a.doc_id for a in group))
        preds = _in_row_order(predicted, rows)
        for row, label in zip(rows, preds, strict=True):
            row[name] = label
        refs = [row["gold"] for row in rows]
        scores = _scores(preds, refs, statements, golds)
        scores["train_seconds_total"] = round(seconds, 1)
        if ablated:
            hidden = _in_row_order(ablated, rows)
            scores["actor_ablation_macro_f1"] = StanceScores().compute(predictions=hidden, references=refs)["macro_f1"]
        results[name] = scores
        if name == "minilm":
            from stance.train.diagnostics import actor_swap_report

            results[name]["actor_swap"] = actor_swap_report(model)  # the last fold's model
    return results, rows


def score_on(model, articles) -> dict:
    """A trained analyzer's scores on labeled articles it has not seen, as a held-out fold is scored:
    per candidate (labels that no candidate reaches count as missed), statements and countries."""
    predictions, references, statements, golds = [], [], [], []
    for article in articles:
        parsed, candidates, gold = candidate_examples(article)
        labels, said = _predict(model, article, parsed, candidates)
        missed = uncovered_labels(article, candidates)
        predictions += labels + [NONE] * len(missed)
        references += gold + [label.stance for label in missed]
        statements += said
        golds += gold_statements(article)
    return _scores(predictions, references, statements, golds) | {"candidates": len(references)}


def _predict(model, article, parsed, candidates) -> tuple[list[str], list]:
    """The model's label for each candidate of an article, and the statements they add up to."""
    predictions = model.predict(parsed, candidates) if candidates else []
    return [p.label for p in predictions], to_statements(parsed, candidates, predictions, article.date, article.doc_id)


def _scores(predictions, references, statements, golds) -> dict:
    """Candidate-level scores (per class, macro-F1, confusion) and statement- and country-level ones."""
    scores = StanceScores().compute(predictions=predictions, references=references)
    return scores | score_statements(statements, golds)


def _in_row_order(per_article: dict[str, list[str]], rows: list[dict]) -> list[str]:
    """Candidates' labels article by article, then `none` for the labels no candidate reaches."""
    doc_ids = dict.fromkeys(row["doc_id"] for row in rows if not row.get("no_candidate"))
    labels = [label for doc_id in doc_ids for label in per_article[doc_id]]
    return labels + [NONE] * (len(rows) - len(labels))


def paired_bootstrap(rows: list[dict], systems, rounds: int = 1000, seed: int = 0) -> dict:
    """95% intervals of each system's macro-F1 and how often each beats the ones before it, over
    resampled candidates.

    Every system is scored on the same resample, so the comparison is paired. Candidates of one
    article are not independent, so the intervals are if anything too narrow.
    """
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(seed)
    refs = np.array([r["gold"] for r in rows])
    preds = {name: np.array([r[name] for r in rows]) for name in systems}
    draws = {name: np.empty(rounds) for name in systems}
    for i in range(rounds):
        sample = rng.integers(0, len(rows), len(rows))
        for name, p in preds.items():
            draws[name][i] = f1_score(refs[sample], p[sample], labels=list(STANCES), average="macro", zero_division=0)
    return {
        "rounds": rounds,
        "macro_f1_95": {name: [round(float(np.percentile(d, 2.5)), 3), round(float(np.percentile(d, 97.5)), 3)]
                        for name, d in draws.items()},
        "share_better": {f"{a}>{b}": round(float(np.mean(draws[a] > draws[b])), 3)
                         for i, a in enumerate(systems) for b in systems[:i]},
    }


def _ablated_predictions(model, parsed, candidates) -> list[str]:
    """The same candidates with the actor hidden: a model that reads the actor should lose here.

    The whole evidence, unmarked: the actor's clause alone would still say where the actor is.
    """
    from stance.encoding import Pair

    pairs = [Pair(f"stance on {topics()[c.topic].hypothesis}", c.evidence(parsed.text)) for c in candidates]
    return [p.label for p in model.predict_pairs(pairs)] if pairs else []


def run_evaluation(systems=("rules", "tfidf", "minilm"), config: TrainingConfig | None = None,
                   output_dir: Path = Path("reports"), data: list[Path] | None = None,
                   folds: int | None = None, seeds: list[int] | None = None) -> dict:
    """Run the held-out protocol once per training seed and write the report and its confusion plot.

    With several seeds the summary is each system's mean macro-F1: on a few articles one seed
    against another moves the score as much as most changes do.
    """
    from dataclasses import replace

    from stance.io import write_json

    config = config or TrainingConfig()
    seeds = seeds or [config.seed]
    if len(set(seeds)) < len(seeds):
        raise InputError(f"seeds repeat ({' '.join(map(str, seeds))}): one seed gives the same run every time, "
                         "pass distinct seeds")
    configs = [replace(config, seed=seed) for seed in seeds]  # checks every seed before hours of training
    started = time.perf_counter()
    articles, always = held_out_articles(data)
    runs = []
    for seed_config in configs:
        results, rows = cross_validate(systems, seed_config, articles, always, folds)
        runs.append({"seed": seed_config.seed, "summary": {name: r["macro_f1"] for name, r in results.items()},
                     "bootstrap": paired_bootstrap(rows, list(results)), "systems": results, "candidates": rows})
        # Each seed's table as soon as it is done: a run of several seeds takes hours.
        if len(configs) > 1:
            print(f"\nseed {seed_config.seed}:")
        print(format_table(results), format_bootstrap(runs[-1]["bootstrap"]), sep="\n")
    split = "leave-one-article-out" if folds in (None, len(articles)) else f"{folds}-fold cross-validation by article"
    report = {
        "protocol": f"{split} over the {len(articles)} articles of {', '.join(p.name for p in data or [SEED_LABELS])}; "
                    f"learned systems also train on the {len(always)} other articles of the default training data",
        "data_hash": data_hash(articles + always),
        "training": {k: v for k, v in vars(config).items() if k not in ("data", "output_dir")}
                    | {"base_model": base_name(config.base_model),  # the model's name, not a local path
                       "seed": seeds[0] if len(seeds) == 1 else seeds},
    }
    if len(runs) == 1:
        run = runs[0]
        report |= {"summary": run["summary"], "bootstrap": run["bootstrap"],
                   "systems": run["systems"], "candidates": run["candidates"]}
        plotted = run["systems"]
    else:
        means = {name: round(float(np.mean([run["summary"][name] for run in runs])), 3) for name in runs[0]["summary"]}
        report |= {"summary": means, "runs": runs}
        plotted = {name: {"macro_f1": mean,
                          "confusion": np.sum([run["systems"][name]["confusion"] for run in runs], axis=0)}
                   for name, mean in means.items()}
    report["seconds"] = round(time.perf_counter() - started, 1)
    output_dir = Path(output_dir)
    write_json(output_dir / "evaluation.json", report)
    _plot_confusions(plotted, output_dir / "confusion.png", report["training"]["base_model"], seeds)
    if len(runs) > 1:
        print(format_seed_summary(runs, report["summary"]))
    if "minilm" in report["summary"]:
        print(f"minilm: fine-tuned from {report['training']['base_model']}")
    print(f"\nwritten: {output_dir / 'evaluation.json'}, {output_dir / 'confusion.png'}")
    return report


def format_seed_summary(runs: list[dict], means: dict) -> str:
    """Each system's macro-F1 per seed and their mean."""
    seeds = " / ".join(str(run["seed"]) for run in runs)
    lines = [f"\nmacro-F1 by training seed ({seeds}) and mean:"]
    for name, mean in means.items():
        by_seed = " / ".join(f"{run['summary'][name]:.3f}" for run in runs)
        lines.append(f"{name:<8} {by_seed}   mean {mean:.3f}")
    return "\n".join(lines)


def format_table(results: dict) -> str:
    lines = [f"{'system':<8} {'macro-F1':>8} " + " ".join(f"{s + ' P/R/F1':>24}" for s in STANCES)
             + f" {'stmt P/R/F1':>18} {'country acc':>11}"]
    for name, r in results.items():
        cells = " ".join(f"{c['precision']:.2f}/{c['recall']:.2f}/{c['f1']:.2f}".rjust(24)
                         for c in (r["per_class"][s] for s in STANCES))
        st = r["statements"]
        statements = f"{st['precision']:.2f}/{st['recall']:.2f}/{st['f1']:.2f}"
        lines.append(f"{name:<8} {r['macro_f1']:>8.3f} {cells} {statements:>18} {r['countries']['accuracy']:>11.3f}")
    for name, r in results.items():
        if "actor_ablation_macro_f1" in r:
            swap = r["actor_swap"]
            lines.append(f"{name}: macro-F1 with the actor hidden {r['actor_ablation_macro_f1']:.3f}; "
                         f"actor-swap probes {swap['accuracy']:.2f} as written, {swap['swapped_accuracy']:.2f} swapped")
    return "\n".join(lines)


def format_bootstrap(bootstrap: dict) -> str:
    intervals = ", ".join(f"{name} {lo:.2f}-{hi:.2f}" for name, (lo, hi) in bootstrap["macro_f1_95"].items())
    wins = ", ".join(f"{pair.replace('>', ' > ')} in {share:.0%}" for pair, share in bootstrap["share_better"].items())
    return f"macro-F1 95% intervals ({bootstrap['rounds']} resamples of the candidates): {intervals}\nbetter: {wins}"


def _plot_confusions(results: dict, path: Path, base_model: str, seeds: list[int]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from stance.io import write_atomic

    fig, axes = plt.subplots(1, len(results), figsize=(4.2 * len(results), 4), squeeze=False)
    for ax, (name, r) in zip(axes[0], results.items(), strict=True):
        matrix = np.array(r["confusion"])
        ax.imshow(matrix, cmap="Blues")
        ax.set_xticks(range(len(LABELS)), LABELS, rotation=45)
        ax.set_yticks(range(len(LABELS)), LABELS)
        ax.set_xlabel("predicted")
        ax.set_ylabel("gold")
        # "minilm" names the fine-tuned system whatever its base, so the title says which base it was.
        learned = f"\nfine-tuned from {base_model.split(' (')[0]}" if name == "minilm" else ""
        ax.set_title(f"{name} (macro-F1 {r['macro_f1']:.2f}){learned}", fontsize=10)
        for (i, j), value in np.ndenumerate(matrix):
            ax.text(j, i, str(value), ha="center", va="center", color="black")
    if len(seeds) > 1:
        fig.suptitle(f"training seeds {', '.join(map(str, seeds))}: mean macro-F1, counts summed", fontsize=10)
    fig.tight_layout()
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    write_atomic(path, buffer.getvalue())
