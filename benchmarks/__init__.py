"""certify's benchmarks: run `python benchmarks/run.py` (see docs/performance.md)."""
