"""Benchmarks, outside the default test run.

Run each with `.venv/bin/python -m tests.benchmarks.bench_x`.
"""
