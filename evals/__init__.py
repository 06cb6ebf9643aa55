"""Evaluation of the assistant: question sets, risk messages, metrics, reports, thresholds.

Run it with `assistant eval` or `python -m evals`; see evals/README.md.
"""
