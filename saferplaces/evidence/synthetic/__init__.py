"""Synthetic data with known truth, for tests, benchmarks and the demo."""
