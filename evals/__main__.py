"""`python -m evals`: the same as `assistant eval`."""

from evals.command import main

raise SystemExit(main())
