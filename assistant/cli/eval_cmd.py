"""`assistant eval`: run the evaluation sets and report, check thresholds, compare runs.

The work lives in the `evals` package; this module only wires it into the command line.
Exit codes: 0 done (and checks passed), 1 a --check threshold failed, 2 a dataset or
thresholds file is invalid, 3 the index or configuration is unavailable.
"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    from evals.command import DESCRIPTION, add_arguments

    p = sub.add_parser(
        "eval",
        help="Evaluate answers, citations, refusals and risk routes.",
        description=DESCRIPTION,
    )
    add_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from evals.cases import DatasetError
    from evals.command import execute

    try:
        return execute(args)
    except DatasetError as exc:
        print(f"assistant eval: {exc}", file=sys.stderr)
        return 2
