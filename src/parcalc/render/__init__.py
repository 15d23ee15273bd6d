"""Renderers: turn :class:`~parcalc.results.Results` into tables, JSON, CSV and workbooks.

They only format; every number is computed by the engine.
"""
