"""``make bench``: how backtimer compares with a bare Textual app and with its targets.

Run ``python -m bench`` from the repo root (``--quick`` for a short development run,
``--only startup,cpu`` to pick rows). Every figure is compared with another one
measured in the same run, since absolute times vary between machines. See
``bench/README.md`` for what each row measures.
"""

from __future__ import annotations

from pathlib import Path

#: The repository root (``tests.logfactory`` and ``routines/`` are found from here).
REPO = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
