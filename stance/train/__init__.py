"""Training and evaluation: examples from labeled articles, fine-tuning, baselines and reports."""
