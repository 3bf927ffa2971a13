"""Synthetic people, agency records and their ground truth, for testing and benchmarking entity resolution."""
