"""Criteria from where analysts have them: a decision's annex table (Phụ lục "Bộ chỉ số…").

``import_annex`` reads the annex (.xlsx, .xlsm, .xls, .ods, .csv or a Word .docx table) and
makes a checked criteria file; ``export_annex`` writes a criteria set back as the annex
table (.xlsx, .docx, .md, .csv). The flow: :mod:`~parcalc.annex.source` (the file's tables
as grids) → :mod:`~parcalc.annex.columns` (the header) → :mod:`~parcalc.annex.rows` and
:mod:`~parcalc.annex.numbering` (entries and ids) → :mod:`~parcalc.annex.tree` (checks, and
each leaf's rule from :mod:`~parcalc.annex.guide` lines via :mod:`~parcalc.annex.infer`) →
:mod:`~parcalc.annex.yamlout`. The export says each rule in guide lines
(:mod:`~parcalc.annex.words`) that the import reads back as the same rule.
"""

from parcalc.annex.grid import AnnexError
from parcalc.annex.importer import Imported, import_annex

__all__ = ["AnnexError", "Imported", "import_annex"]
