"""Benchmarks of parcalc (issue 6): ``generate.py`` writes workbooks, ``run.py`` measures."""
