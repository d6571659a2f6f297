"""The `stance` command: analyze articles, train and evaluate models."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from stance.errors import StanceError

BASE_HELP = ("base model: minilm (default, all-MiniLM-L6-v2), mpnet (all-mpnet-base-v2: better on short plain "
             "statements, level on real news, about 6x slower; install it with make mpnet), a folder or a hub id")


def _analyze(args) -> int:
    from stance.analyzer import check_date
    from stance.io import read_article
    from stance.loading import load
    from stance.report import as_csv, as_json, as_table

    texts = [(Path(p), read_article(p)) for p in args.paths]  # every file is checked before any work
    check_date(args.date)
    model = load(args.model, backend=args.backend)
    print(f"model: {model.describe()}", file=sys.stderr)
    dates = _seed_dates()
    results = [model.analyze(text, date=args.date or dates.get(path.stem), doc_id=path.stem) for path, text in texts]
    if args.format == "json":
        print(as_json(results))
    elif args.format == "csv":
        print(as_csv(results), end="")
    else:
        print("\n\n".join(as_table(r, f"== {r.doc_id} ({r.date or 'no date'})") for r in results))
    return 0


def _seed_dates() -> dict[str, str]:
    """Known dates of the seed articles, so their statements carry a date."""
    from stance.labels import seed_articles

    try:
        return {doc_id: a.date for doc_id, a in seed_articles().items() if a.date}
    except (OSError, ValueError):
        return {}


def _augmentation(args) -> dict:
    """The augmentation options given on the command line, for `TrainingConfig`."""
    from stance.train.config import AUGMENTATION

    return {k: v for k, v in vars(args).items() if k in AUGMENTATION}


def _add_augmentation_options(parser: argparse.ArgumentParser) -> None:
    from stance.train.config import TrainingConfig as defaults  # a dataclass's class attributes hold its defaults

    # Options not given stay absent, so `TrainingConfig` keeps its own defaults.
    group = parser.add_argument_group("augmentation (defaults as in the committed report)",
                                      argument_default=argparse.SUPPRESS)
    group.add_argument("--actor-swaps", type=int, metavar="N",
                       help=f"copies of each labeled example with the actor renamed (default {defaults.actor_swaps})")
    group.add_argument("--phrase-swaps", type=int, metavar="N",
                       help=f"copies with the topic phrase replaced by another of the topic "
                            f"(default {defaults.phrase_swaps})")
    group.add_argument("--none-ratio", type=float, metavar="X",
                       help=f"at most X `none` examples per labeled one (default {defaults.none_ratio})")
    group.add_argument("--no-bystanders", dest="bystanders", action="store_false",
                       help="no copies of labeled sentences opened by a clause naming a bystander")


def _train(args) -> int:
    from stance.train.config import TrainingConfig
    from stance.train.trainer import train

    config = TrainingConfig(
        data=[Path(p) for p in args.data] if args.data else None,
        base_model=args.base,
        epochs=args.epochs,
        seed=args.seed,
        output_dir=Path(args.output) if args.output else None,
        **_augmentation(args),
    )
    version = train(config, save_to_bentoml=not args.no_bentoml)
    print(f"saved model version {version}")
    return 0


def _evaluate(args) -> int:
    from stance.train.config import TrainingConfig
    from stance.train.evaluation import run_evaluation

    config = TrainingConfig(base_model=args.base, epochs=args.epochs, **_augmentation(args))
    # A user's own evaluation must not overwrite the seeds' report in reports/.
    default = Path("reports", Path(args.data[0]).stem) if args.data else Path("reports")
    run_evaluation(systems=args.systems, config=config, output_dir=Path(args.output) if args.output else default,
                   data=[Path(p) for p in args.data] if args.data else None, folds=args.folds, seeds=args.seed)
    return 0


def _score(args) -> int:
    import json

    from stance.errors import InputError
    from stance.labels import read_labeled
    from stance.loading import load
    from stance.schema import LABELS
    from stance.train.evaluation import format_table, score_on

    articles = read_labeled([Path(p) for p in args.data])
    if not any(a.labels for a in articles):
        raise InputError(f"no labels in {', '.join(args.data)}: score needs labeled articles (docs/data-format.md)")
    model = load(args.model, backend=args.backend)
    scores = score_on(model, articles)
    if args.format == "json":
        print(json.dumps({"model": model.describe(), **scores}, indent=2))
    else:
        print(f"{model.describe()} on {len(articles)} articles, {scores['candidates']} candidates")
        print(format_table({"scored": scores}))
        print(f"confusion (rows gold, columns predicted: {', '.join(LABELS)}):", scores["confusion"])
    return 0


def _import_label_studio(args) -> int:
    import json

    from stance.io import write_atomic
    from stance.labels import from_label_studio, read_labeled

    try:
        export = json.loads(Path(args.export).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StanceError(f"{args.export}: cannot read a Label Studio JSON export ({exc})") from None
    records = from_label_studio(export if isinstance(export, list) else [export])
    content = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    tmp = Path(args.output).with_suffix(".check.jsonl")
    write_atomic(tmp, content)
    try:
        read_labeled([tmp], known={})  # validate before anything lands at the output path
    finally:
        tmp.unlink(missing_ok=True)
    write_atomic(args.output, content)
    print(f"wrote {len(records)} labeled articles to {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from stance.model import BACKENDS

    parser = argparse.ArgumentParser(prog="stance", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    sub = parser.add_subparsers(dest="command", required=True)

    analyze = sub.add_parser("analyze", help="print the actor x topic stance matrix of articles")
    analyze.add_argument("paths", nargs="+", help="UTF-8 text files, one article each")
    analyze.add_argument("--format", choices=["table", "json", "csv"], default="table")
    analyze.add_argument("--date", help="publication date (YYYY-MM-DD) of the articles, copied into every "
                                        "statement (seed articles carry their own)")
    analyze.add_argument("--model", help="a model version folder (default: the newest in models/)")
    analyze.add_argument("--backend", choices=BACKENDS,
                         help="inference engine of a trained model")
    analyze.set_defaults(run=_analyze)

    train = sub.add_parser("train", help="fine-tune the classifier on labeled articles and save a new version")
    train.add_argument("--data", nargs="+", help="labeled JSONL files (default: seed labels + synthetic)")
    train.add_argument("--base", help=BASE_HELP)
    train.add_argument("--epochs", type=float, help="training epochs")
    train.add_argument("--seed", type=int, help="training seed (default 13): same data and seed, same model")
    train.add_argument("--output", help="models folder (default: models/)")
    train.add_argument("--no-bentoml", action="store_true", help="do not add the version to the BentoML model store")
    _add_augmentation_options(train)
    train.set_defaults(run=_train)

    evaluate = sub.add_parser("evaluate", help="held-out evaluation of rules, TF-IDF and the model, article by article")
    systems = ["rules", "tfidf", "minilm"]
    evaluate.add_argument("--systems", nargs="+", default=systems, choices=systems,
                          help="minilm is the fine-tuned transformer, on the --base model (all of them by default)")
    evaluate.add_argument("--base", help=BASE_HELP)
    evaluate.add_argument("--epochs", type=float, help="training epochs per fold")
    evaluate.add_argument("--data", nargs="+",
                          help="labeled JSONL files to evaluate on (default: the seed labels); every fold "
                               "also trains on the default training data")
    evaluate.add_argument("--folds", type=int,
                          help="hold out this many groups of articles in turn (default: one article at a time)")
    evaluate.add_argument("--output", help="where to write the report (default: reports/, or reports/<first "
                                           "--data file's name>)")
    evaluate.add_argument("--seed", type=int, nargs="+",
                          help="training seed (default 13); several (e.g. 13 1 2) run the protocol once each and "
                               "report every seed's scores and the mean")
    _add_augmentation_options(evaluate)
    evaluate.set_defaults(run=_evaluate)

    score = sub.add_parser("score", help="score a trained model (or the rules) on labeled articles it never saw")
    score.add_argument("data", nargs="+", help="labeled JSONL files (docs/data-format.md)")
    score.add_argument("--model", help="a model version folder (default: the newest in models/)")
    score.add_argument("--backend", choices=BACKENDS, help="inference engine of a trained model")
    score.add_argument("--format", choices=["table", "json"], default="table")
    score.set_defaults(run=_score)

    importer = sub.add_parser("import-label-studio", help="convert a Label Studio JSON export to labeled JSONL")
    importer.add_argument("export")
    importer.add_argument("output")
    importer.set_defaults(run=_import_label_studio)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        return args.run(args)
    except StanceError as exc:
        print(f"stance: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stance: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
