"""Mutation fuzzing of parcalc's inputs (issue 5, section 2 "Fuzzing").

- :mod:`fuzz.mutate`: the mutators (criteria YAML, XML parts inside .xlsx/.ods zips, cell
  values / sheet names / headers through openpyxl, raw bytes) and the harness that runs one
  case and classifies what happened, in worker processes with a time and memory limit.
- :mod:`fuzz.run`: the long run by hand, ``python -m tests.fuzz.run --minutes 10``.
- ``tests/test_fuzz.py``: the bounded run in CI and one test per regression file in
  ``tests/data/fuzz/``.

The guarantee under test: every input parcalc cannot use ends in a
:class:`parcalc.errors.ParcalcError`; any other exception, a hang or a dead process is a bug.
"""
