"""Benchmarks: every `bench_*.py` module here has `run()` returning (figure, value) pairs."""
