"""Helpers shared by the tests, imported as ``from tests.support import …``.

Fixtures stay in ``tests/conftest.py``; plain functions and constants live here, so a test
module imports them like any other module (pytest's ``pythonpath`` puts the repository root
on ``sys.path``).
"""

from tests.support.cli import invoke
from tests.support.tiny import TINY_CRITERIA, tiny_sheets
from tests.support.workbooks import Rows, write_workbook

__all__ = ["TINY_CRITERIA", "Rows", "invoke", "tiny_sheets", "write_workbook"]
