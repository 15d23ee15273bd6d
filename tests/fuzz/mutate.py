"""Mutators for parcalc's inputs and the harness that runs a mutated case.

A case is made deterministically from ``(category, seed)`` with ``random.Random``:

- ``yaml``: a criteria file (tests/data/formats/tiny.yaml or a shipped set) with lines deleted,
  duplicated, swapped or re-indented, scalars flipped (quoted/unquoted, number ↔ text, 1.10,
  .inf), keys replaced by near misses, YAML tags, anchors and aliases, truncation, random and
  non-UTF-8 bytes, long strings and deep nesting. It goes through ``check_text`` (which must
  never raise) or ``load_criteria`` (non-UTF-8 bytes); a set that loads is scored against
  canonical.xlsx and rendered.
- ``zip-xml``: an .xlsx or .ods unzipped in memory, bytes of one XML part mutated (bits,
  slices, ``<`` ``&`` quotes, numbers, cell refs, cell types, attributes, closing tags,
  entities), parts dropped, duplicated or renamed, and zipped again.
- ``cells``: an .xlsx changed through openpyxl: cell values (text, numbers, bools, huge,
  negative, NaN-like strings, formulas, dates), sheets renamed, added, copied or deleted,
  headers renamed or dropped, blank rows and columns inserted, rows duplicated, cells merged,
  a settings sheet naming the criteria.
- ``binary``: the whole file's bytes (.xls above all; .xlsx/.ods containers), and files of one
  kind named as another.

Workbook cases (sometimes a folder: one file of tests/data/formats/many mutated) go through
``score_file`` with tiny.yaml, then ``to_json`` and ``to_csv``. The outcome is ``ok`` or
``rejected`` (a :class:`ParcalcError`, or problems from ``check_text``): both fine. A ``crash``
(any other exception, or output that is not valid JSON), a ``hang`` (over the time limit)
and a ``died`` worker (killed by a signal, e.g. a native abort) are bugs; ``harness`` is a
bug of this module. Cases run in worker processes (:class:`Pool`) with an alarm of
:data:`TIMEOUT` seconds, a hard kill a little later, and a memory limit, so one bad case
cannot take the test run down with it.
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
FORMATS = TESTS / "data" / "formats"
SHIPPED = ROOT / "criteria"
REGRESSIONS = TESTS / "data" / "fuzz"
CRITERIA_NAME = "tiny.yaml"
CANONICAL = FORMATS / "canonical.xlsx"

CATEGORIES = ("yaml", "zip-xml", "cells", "binary")
#: Seconds a case may take before it is a hang (the alarm); the worker is killed later.
TIMEOUT = 10.0
#: Address-space limit of a worker, so a runaway allocation fails instead of eating the box.
MEMORY_MB = 4096
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
FAILED = ("crash", "hang", "died", "harness")


# --- cases and outcomes --------------------------------------------------------------------

@dataclass
class Case:
    """One input for parcalc: a criteria file, a workbook, or a folder of workbooks."""

    category: str
    seed: int
    kind: str  # "criteria" | "workbook"
    files: dict[str, bytes]
    target: str  # the file name given to parcalc, or "." for the folder
    steps: list[str] = field(default_factory=list)
    criteria: bool = True  # workbook: pass tiny.yaml; False: the settings sheet names it
    layout: str | None = None
    strict: bool = False

    def describe(self) -> str:
        flags = [f"layout={self.layout}"] if self.layout else []
        flags += ["strict"] if self.strict else []
        flags += ["criteria from settings"] if not self.criteria else []
        return f"{self.category}:{self.seed} {self.target} [{'; '.join(self.steps + flags)}]"


@dataclass
class Outcome:
    status: str  # ok | rejected | crash | hang | died | harness
    error: str = ""  # exception type or signal name
    message: str = ""
    where: str = ""  # innermost frame in parcalc: "parcalc/x.py:12 in f"
    trace: str = ""
    seconds: float = 0.0
    cpu: float = 0.0  # CPU seconds of the case, a measure that other load does not inflate

    @property
    def failed(self) -> bool:
        return self.status in FAILED

    @property
    def signature(self) -> str:
        """What identifies a bug: status, exception and function, without line numbers."""
        where = re.sub(r":\d+ in ", ".", self.where)
        if self.status == "died":
            where = re.sub(r"\d+", "N", self.message)[:60]
        return " ".join(p for p in (self.status, self.error, where) if p)

    def slug(self) -> str:
        where = re.sub(r":\d+ in ", ".", self.where)
        where = where.removeprefix("parcalc/").replace("/", ".").replace(".py.", ".")
        text = "-".join(p for p in (self.status, self.error, where) if p)
        return re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-")[:90]

    def summary(self) -> str:
        return f"{self.signature}: {self.message}" if self.message else self.signature


@dataclass(frozen=True)
class Job:
    """A case to make and run: generated from (category, seed), given, or read from a file."""

    category: str
    seed: int = 0
    case: Case | None = None
    path: str | None = None

    @property
    def name(self) -> str:
        if self.path:
            return Path(self.path).name
        return f"{self.category}:{self.seed}"


# --- values ---------------------------------------------------------------------------------

SPECIAL_NUMBERS: list[Any] = [
    0, -0.0, -1, 1, 100, 101, 1e308, -1e308, 1e-308, 5e-324, 2**53 + 1, 10**20, -(10**20),
    2**63, 99.9999999, 100.0000001, 0.1 + 0.2, 1e15, 19.485, -5.5, float("nan"), float("inf"),
    float("-inf"),
]
ODD_TEXTS = [
    "NaN", "nan", "inf", "-inf", "Infinity", "1e999", "-1e999", "∞", "#N/A", "#DIV/0!",
    "#VALUE!", "#REF!", "NULL", "None", "null", "", " ", "\t", "\u00a0", "\u200b", "\ufeff",
    "12,5", "1.234,5", "1,234.5", "95%", "95 %", "1e5%", "%", "--5", "+5", "٣", "５", "0x10",
    "1_000", "½", "1/2", "1e-400", "-0", "có", "không", "Có", "x", "X", "✓", "Tốt", "Khá",
    "Đạt", "Không đạt", "A", "B", "C", "D", "E", "yes", "no", "TRUE", "FALSE", "thưởng", "trừ",
    "+", "-", "bonus", "penalty", "Người dân", "Doanh nghiệp", "1.1", "1.10", "1.2", "2.1",
    "2.2", "3.1", "1", "2", "3", "9.9", "1.1.1", "01.1", " 1.1 ", "1.1.", "U1", "u1", "U 1",
    "U2", "H1", "U9", "Sở Nội vụ", "Q1", "Q2", "unit_id", "criterion_id", "value",
    "self_value", "group", "name", "sheet", "Mã đơn vị", "Điểm thẩm định", "STT", "Đơn vị:",
    "Đơn vị: Sở Nội vụ", "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(1)",
    "line\nbreak", "tab\there", "\r", "\x7f", "\U0001f600", "a" * 300, "Ω≈ç√∫", "ﬁ", "e\u0301",
]
FORMULAS = ["=1/0", "=A1", "=SUM(A:A)", "=NA()", "=HYPERLINK(\"http://x\",\"y\")", "=",
            "=1e308*10", "=\"text\"", "=TRUE", "=B2*100", "=SQRT(-1)", "=A1&A1", "=REPT(\"x\",99)"]


def odd_value(rng: random.Random) -> Any:
    """A cell value chosen to hurt: odd text, edge numbers, formulas, bools, dates, long text."""
    roll = rng.random()
    if roll < 0.40:
        return rng.choice(ODD_TEXTS)
    if roll < 0.65:
        return rng.choice(SPECIAL_NUMBERS)
    if roll < 0.75:
        return rng.choice([rng.randint(-10, 110), round(rng.uniform(-1, 120), rng.randint(0, 6)),
                           rng.uniform(-1e9, 1e9)])
    if roll < 0.82:
        return rng.choice(FORMULAS)
    if roll < 0.87:
        return rng.choice([True, False])
    if roll < 0.91:
        return rng.choice([datetime(2021, 3, 4, 5, 6, 7), date(1900, 1, 1), date(9999, 12, 31)])
    if roll < 0.95:
        return rng.choice(["x" * 32767, "Sở " * 5000, "9" * 400])
    ranges = [(32, 126), (0xA0, 0x2FFF), (0x1F300, 0x1F6FF)]
    return "".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(rng.randint(1, 20)))


# --- seeds ------------------------------------------------------------------------------------

@cache
def _read(path: Path) -> bytes:
    return path.read_bytes()


def _shipped() -> list[Path]:
    return sorted(SHIPPED.glob("*.yaml"))


XLSX_SEEDS = ["canonical.xlsx", "messy.xlsx", "matrix.xlsx", "per_unit.xlsx",
              "per_unit_names.xlsx", "form_max_mismatch.xlsx", "formula_cached.xlsx",
              "formula_uncached.xlsx", "lo.xlsx", "messy_lo.xlsx", "many/team_so.xlsx",
              "many/units.xlsx", "many/team_huyen.xlsx"]
ODS_SEEDS = ["lo.ods", "messy_lo.ods", "per_unit_lo.ods"]
XLS_SEEDS = ["lo.xls", "messy_lo.xls", "per_unit_lo.xls"]


def _workbook_case(category: str, seed: int, rng: random.Random, name: str,
                   data: bytes, steps: list[str]) -> Case:
    """A case for ``name`` (relative to tests/data/formats) with its bytes replaced."""
    rel = Path(name)
    if rel.parent != Path("."):  # one file of a folder read together
        files = {p.name: _read(p) for p in sorted((FORMATS / rel.parent).iterdir())
                 if p.suffix in WORKBOOK_SUFFIXES}
        files[rel.name] = data
        target = "."
    else:
        files, target = {rel.name: data}, rel.name
    layout = rng.choice([None] * 8 + ["long", "matrix", "per-unit"])
    return Case(category, seed, "workbook", files, target, steps, layout=layout,
                strict=rng.random() < 0.15)


# --- YAML mutators ----------------------------------------------------------------------------

YAML_KEYS = ["parcalc", "id", "title", "year", "precision", "ties", "not_applicable", "bands",
             "answers", "adjustments", "domains", "label", "min", "bonus_max", "penalty_max",
             "max", "criteria", "rule", "note", "type", "yes", "no", "options", "steps", "above",
             "below", "else", "from", "to", "points", "questions", "groups"]
YAML_SCALARS = [
    ".inf", "-.inf", ".nan", ".NaN", "1e400", "-1e400", "1e-400", "99999999999999999999999",
    "0x1F", "0o17", "0b101", "1_000", "+1", "-0", "0.1e1", "12,5", "1:30", "2021-01-01",
    "2021-01-01T00:00:00Z", "yes", "No", "on", "off", "Y", "null", "~", "", "''", '""', "'",
    '"', "!!int abc", "!!float x", "!!bool maybe", "!!timestamp 2021-13-45", "!!binary ===",
    "!!null x", "!!int 1.5", "!!float 1", "!!str 1", "*undefined", "&a", "[", "{", "|", ">",
    "- 1", "? x", "%", "@x", "`x", "\\", '"\\x00"', '"\\uD800"', '"\\U0010FFFF"', '"\\xFF"',
    '"\\N"', "\t1", "-1", "0", "100", "101", "1.10", "0.0000001", "true", "[]", "{}",
    "[1, 2]", "{a: 1}", "points", "yes_no", "survey", "threshold", "linear", "choice",
    "per_item", "deduction", "abcd", "Q1", "'1.1'", '"1"', "min", "dense", "exclude",
]
YAML_TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!timestamp",
             "!!set", "!!omap", "!!pairs", "!!map", "!!seq", "!custom", "!",
             "!<tag:yaml.org,2002:str>", "!<!>", "!!python/object/apply:os.system",
             "!!python/name:os.system", "!!python/tuple", "!e!x", "!!merge", "!!value"]
YAML_SNIPPETS = [
    "<<: *nope", "? [a, b]\n: c", "---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:",
    "x: !!set {a, b}",
    "zz: &r [1, *r]", "zz: &r {a: *r}", "zz: *zz", "<<: {max: 5}", "? !!binary aGk=\n: 1",
    "? {a: 1}\n: 2", "id: dup", "max: 1", "- 1", "- {id: x, title: y, max: 1}", ": x", "\t",
    "# comment", "key: |\n  block\n  text", "key: >-\n  folded", "x: 'unterminated", "x: [1, 2",
    "\ufeff", "\x00", "\u2028", "\x85", "{", "]", "&a a: 1", "x: !!omap [a: 1, b: 2]",
    "x: !!pairs [a: 1, a: 2]", "x: !!binary aGk=", "x: !!timestamp 2021-01-01",
]


_AFTER_KEY = re.compile(r":[ \t]+([^\s\n,{}\[\]#][^\n,{}\[\]#]*?)(?=[ \t]*(?:[,}\]\n#]|$))",
                        re.M)
_IN_FLOW = re.compile(r"(?<=[\[,])[ \t]*([^\s\n,{}\[\]#:][^\n,{}\[\]#:]*?)(?=[ \t]*[,\]])")


def _value_spans(text: str) -> list[tuple[int, int]]:
    """Spans of scalar values: after ``key: `` and inside flow sequences."""
    spans = [m.span(1) for m in _AFTER_KEY.finditer(text)]
    spans += [m.span(1) for m in _IN_FLOW.finditer(text)]
    return sorted(spans)


def _key_spans(text: str) -> list[tuple[int, int]]:
    return [m.span(1) for m in re.finditer(r"(?<![\w\"'])([A-Za-z_]\w*)(?=[ \t]*:(?:[ \t]|$))",
                                           text, re.M)]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _flip(rng: random.Random, value: str) -> str:
    s = value.strip()
    if rng.random() < 0.3:
        return rng.choice(YAML_SCALARS)
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        inner = s[1:-1]
        return rng.choice([inner, inner + "0", f"'{inner}'", f'"{inner} "', '""', inner + ".",
                           f'"{inner}\\t"', f'"{inner}\\u0000"', f'"{inner}', inner.upper()])
    if re.fullmatch(r"[-+]?\d+(\.\d+)?", s):
        return rng.choice([f'"{s}"', s + "0", s + ".0", s + ".10", "-" + s, s.replace(".", ","),
                           s + "e308", s + "%", str(float(s) * 1e300), s + "1" * 30, "." + s,
                           s.replace(".", "") if "." in s else s + ".5", f"{s} {s}"])
    return rng.choice([f'"{s}"', f"'{s}'", "1", "0", "-1", "1.10", "true", "no", "null", "~",
                       "''", "[]", "{}", f"[{s}]", f"{{{s}: 1}}", s.upper(), s + ":", '"' + s,
                       s * 50, s[: len(s) // 2], s + " # c", f"{s}\\n", f"- {s}"])


def y_number(rng: random.Random, text: str) -> tuple[str, str]:
    """A number replaced by another number: keeps the file valid more often than a flip."""
    spans = [m.span() for m in re.finditer(r"(?<![\w.\"'])-?\d+(?:\.\d+)?(?![\w.\"'])", text)]
    if not spans:
        return text, "number (none)"
    a, b = rng.choice(spans)
    old = text[a:b]
    new = rng.choice(["0", "-1", "0.5", "1e-9", "1e15", "100", "100.5", "99.99", "1e308",
                      ".inf", "-.inf", ".nan", "0.1", "33.333333", "2", "4", "5", "19.485",
                      old + "5", old + ".000001", str(float(old) * 2), str(-float(old))])
    return text[:a] + new + text[b:], f"number {old} → {new} at {a}"


def y_delete_lines(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    n = rng.choice([1, 1, 1, 2, 3, 5])
    del lines[i:i + n]
    return "\n".join(lines), f"delete lines {i + 1}+{n}"


def y_duplicate_lines(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    n = rng.choice([1, 1, 2, 4, 8])
    j = rng.choice([i + n, rng.randrange(len(lines) + 1)])
    lines[j:j] = lines[i:i + n]
    return "\n".join(lines), f"duplicate lines {i + 1}+{n} at {j + 1}"


def y_swap_lines(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    j = rng.choice([min(i + 1, len(lines) - 1), rng.randrange(len(lines))])
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines), f"swap lines {i + 1} {j + 1}"


def y_reindent(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    body = lines[i].lstrip(" ")
    indent = len(lines[i]) - len(body)
    new = rng.choice([indent + 1, indent - 1, indent + 2, max(indent - 2, 0), 0, indent + 4])
    prefix = "\t" * (new // 2) if rng.random() < 0.1 else " " * max(new, 0)
    lines[i] = prefix + body
    return "\n".join(lines), f"reindent line {i + 1} to {new}"


def y_flip_scalar(rng: random.Random, text: str) -> tuple[str, str]:
    spans = _value_spans(text)
    if not spans:
        return text, "flip (no scalar)"
    a, b = rng.choice(spans)
    new = _flip(rng, text[a:b])
    return text[:a] + new + text[b:], f"flip {text[a:b][:20]!r} → {new[:20]!r}"


def y_near_miss_key(rng: random.Random, text: str) -> tuple[str, str]:
    spans = _key_spans(text)
    if not spans:
        return text, "near-miss (no key)"
    a, b = rng.choice(spans)
    key = text[a:b]
    options = [key.upper(), key.capitalize(), key[:-1] or "_", key + "s", key.replace("_", "-"),
               key.replace("_", " "), rng.choice(YAML_KEYS), key[0] + key, key[1:] + key[0],
               f'"{key}"', key + "\u200b", "ｍａｘ", "tối đa", "mã", "Max", key + "_", "_" + key,
               key + " x", "<<", "'" + key, "1", "null", "true"]
    new = rng.choice(options)
    return text[:a] + new + text[b:], f"key {key!r} → {new!r}"


def y_tag(rng: random.Random, text: str) -> tuple[str, str]:
    spans = _value_spans(text) + _key_spans(text)
    if not spans:
        return text, "tag (nowhere)"
    a, _ = rng.choice(spans)
    tag = rng.choice(YAML_TAGS)
    return text[:a] + tag + " " + text[a:], f"tag {tag} at {a}"


def y_anchor_alias(rng: random.Random, text: str) -> tuple[str, str]:
    spans = _value_spans(text)
    if len(spans) < 2:
        return text, "alias (no scalars)"
    (a, b), (c, d) = sorted(rng.sample(spans, 2))
    name = rng.choice(["a", "b1", "r", "x-y"])
    kind = rng.random()
    if kind < 0.6:  # anchor a value, alias it later
        out = text[:a] + f"&{name} " + text[a:c] + f"*{name}" + text[d:]
        return out, f"anchor {name} at {a}, alias at {c}"
    if kind < 0.8:  # alias before its anchor / undefined
        out = text[:a] + f"*{name}" + text[b:]
        return out, f"undefined alias {name} at {a}"
    # a block anchored above a line that aliases it: a recursive node
    lines = _lines(text)
    starts = [i for i, ln in enumerate(lines) if re.search(r":\s*$", ln)]
    if not starts:
        return text, "recursive alias (no block)"
    i = rng.choice(starts)
    lines[i] = lines[i].rstrip() + f" &{name}"
    j = min(i + 1 + rng.randrange(3), len(lines) - 1)
    body = lines[j]
    if ":" in body:
        k = body.index(":")
        lines[j] = body[:k + 1] + f" *{name}"
    return "\n".join(lines), f"recursive alias {name} lines {i + 1}/{j + 1}"


def y_snippet(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines) + 1)
    ref = lines[min(i, len(lines) - 1)]
    indent = ref[: len(ref) - len(ref.lstrip(" "))] if rng.random() < 0.7 else ""
    snippet = rng.choice(YAML_SNIPPETS)
    lines[i:i] = [indent + s for s in snippet.split("\n")]
    return "\n".join(lines), f"snippet {snippet[:20]!r} at line {i + 1}"


def y_alias_bomb(rng: random.Random, text: str) -> tuple[str, str]:
    # mostly under the node limit (fast); now and then far over it (~2 s to refuse)
    levels, width = rng.choice([(4, 10), (4, 10), (3, 30), (12, 2), (6, 3), (9, 10)])
    bomb = [f"b0: &b0 [{', '.join(['x'] * width)}]"]
    bomb += [f"b{k}: &b{k} [{', '.join([f'*b{k - 1}'] * width)}]" for k in range(1, levels)]
    lines = _lines(text)
    tops = [i for i, ln in enumerate(lines) if ln and not ln.startswith((" ", "-", "#"))]
    i = rng.choice(tops or [len(lines)])
    lines[i:i] = bomb
    return "\n".join(lines), f"alias bomb {width}^{levels}"


def y_truncate(rng: random.Random, text: str) -> tuple[str, str]:
    k = rng.randrange(len(text) + 1)
    return text[:k], f"truncate at {k}"


def y_long_string(rng: random.Random, text: str) -> tuple[str, str]:
    spans = _value_spans(text) + _key_spans(text)
    if not spans:
        return text, "long (nowhere)"
    a, b = rng.choice(spans)
    n = rng.choice([1000, 70_000, 1_000_000])
    filler = rng.choice(["x", "Sở ", "1", "9.", " ", "a_"])
    new = (filler * (n // len(filler)))[:n]
    if rng.random() < 0.3:
        new = f'"{new}"'
    return text[:a] + new + text[b:], f"long string ({n}) at {a}"


def y_deep(rng: random.Random, text: str) -> tuple[str, str]:
    spans = _value_spans(text)
    depth = rng.choice([50, 200, 500, 990, 1000, 3000, 3000, 10_000, 50_000])
    style = rng.choice(["seq", "map", "block"])
    if style == "seq":
        new = "[" * depth + "1" + "]" * depth
    elif style == "map":
        new = "{a: " * depth + "1" + "}" * depth
    else:
        depth = min(depth, 3000)
        new = "\n" + "\n".join("  " * (k + 1) + "a:" for k in range(depth)) + " 1"
    if not spans:
        return text + "\nx: " + new, f"deep {style} {depth}"
    a, b = rng.choice(spans)
    return text[:a] + new + text[b:], f"deep {style} {depth} at {a}"


def y_random_chars(rng: random.Random, text: str) -> tuple[str, str]:
    chars = ["\x00", "\x01", "\x1b", "\t", "\r", "\u2028", "\u2029", "\x85", "\ufeff", "\ufffe",
             "\ud800", "\U0010ffff", "\u200b", "\u00a0", "\x7f", "\uffff", ":", "-", "#", "&",
             "*", "!", "|", ">", "'", '"', "%", "@", "`", "{", "}", "[", "]", ",", "?", "\n"]
    out = list(text)
    n = rng.choice([1, 1, 2, 5])
    for _ in range(n):
        out.insert(rng.randrange(len(out) + 1), rng.choice(chars))
    return "".join(out), f"insert {n} odd chars"


def y_splice(rng: random.Random, text: str) -> tuple[str, str]:
    other = rng.choice([FORMATS / CRITERIA_NAME, *_shipped()])
    donor = _lines(_read(other).decode("utf-8"))
    i = rng.randrange(len(donor))
    piece = donor[i:i + rng.choice([1, 3, 10, 40])]
    lines = _lines(text)
    j = rng.randrange(len(lines) + 1)
    lines[j:j] = piece
    return "\n".join(lines), f"splice {len(piece)} lines of {other.name} at {j + 1}"


def y_structure(rng: random.Random, text: str) -> tuple[str, str]:
    """A block's value replaced by a scalar, an empty list or mapping, or nothing."""
    lines = _lines(text)
    starts = [i for i, ln in enumerate(lines) if re.search(r"^\s*-?\s*\w+:\s*$", ln)]
    if not starts:
        return text, "structure (no block)"
    i = rng.choice(starts)
    new = rng.choice(["5", "[]", "{}", "''", "~", "[1]", "x", "-1", "[{}]", "[[]]"])
    lines[i] = lines[i].rstrip() + " " + new
    if rng.random() < 0.5:  # drop the block's body as well
        indent = len(lines[i]) - len(lines[i].lstrip())
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or
                                  len(lines[j]) - len(lines[j].lstrip()) > indent):
            j += 1
        del lines[i + 1:j]
    return "\n".join(lines), f"block at line {i + 1} → {new}"


TEXT_OPS: list[tuple[Callable[[random.Random, str], tuple[str, str]], int]] = [
    (y_delete_lines, 6), (y_duplicate_lines, 6), (y_swap_lines, 4), (y_reindent, 5),
    (y_flip_scalar, 12), (y_number, 10), (y_near_miss_key, 7), (y_tag, 4), (y_anchor_alias, 3),
    (y_snippet, 4),
    (y_alias_bomb, 1), (y_truncate, 2), (y_long_string, 1), (y_deep, 1), (y_random_chars, 3),
    (y_splice, 3), (y_structure, 3),
]


def b_random_bytes(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    out = bytearray(data)
    n = rng.choice([1, 2, 8, 64])
    for _ in range(n):
        i = rng.randrange(len(out) + 1)
        if out and rng.random() < 0.5 and i < len(out):
            out[i] = rng.randrange(256)
        else:
            out[i:i] = bytes([rng.randrange(256)])
    return bytes(out), f"{n} random bytes"


def b_not_utf8(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    bad = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xfe\xff", b"\x80",
                      b"\xf4\x90\x80\x80"])
    i = rng.randrange(len(data) + 1)
    return data[:i] + bad + data[i:], f"bytes {bad!r} at {i}"


def b_reencode(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    text = data.decode("utf-8", "replace")
    codec = rng.choice(["utf-16", "utf-16-le", "utf-32", "cp1258", "latin-1", "utf-8-sig"])
    return text.encode(codec, "replace"), f"encoded as {codec}"


BYTE_OPS: list[Callable[[random.Random, bytes], tuple[bytes, str]]] = [
    b_random_bytes, b_not_utf8, b_reencode]


def _weighted(rng: random.Random, ops: list[tuple[Any, int]]) -> Any:
    return rng.choices([op for op, _ in ops], weights=[w for _, w in ops])[0]


def make_yaml_case(seed: int, rng: random.Random) -> Case:
    source = rng.choice([FORMATS / CRITERIA_NAME] * 6 + _shipped())
    text = _read(source).decode("utf-8")
    steps = [source.name]
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4, 6])):
        op = _weighted(rng, TEXT_OPS)
        text, step = op(rng, text)
        steps.append(step)
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.12:
        data, step = rng.choice(BYTE_OPS)(rng, data)
        steps.append(step)
    return Case("yaml", seed, "criteria", {"criteria.yaml": data}, "criteria.yaml", steps)


# --- XML parts inside the zip -------------------------------------------------------------

Entries = list[tuple[zipfile.ZipInfo, bytes]]


def read_zip(data: bytes) -> Entries:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def write_zip(entries: Entries) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info, data in entries:
            new = zipfile.ZipInfo(info.filename, info.date_time)
            new.compress_type = info.compress_type
            archive.writestr(new, data)
    return out.getvalue()


XML_TOKENS = [b"<", b">", b"&", b'"', b"'", b"&amp;", b"&lt;", b"&#0;", b"&#xD800;", b"&#x1F600;",
              b"&nope;", b"]]>", b"<!--", b"-->", b"<![CDATA[x]]>", b"</c>", b"</row>", b"<c>",
              b"<row>", b"<v>", b"</v>", b"\x00", b"\xff", b"\xc3", b"<?xml version='1.0'?>",
              b"<x:y/>", b'xmlns="urn:x"', b"<is><t>x</t></is>", b"=", b" ", b"\n"]
REFS = [b"XFD1048576", b"A1048576", b"XFD1", b"A0", b"A", b"1", b"AAAA1", b"A99999999999",
        b"a1", b"", b"ZZZ99999", b"B1", b"A1", b"IV65536", b"AA100", b"Z26", b"1A", b"$A$1"]
ATTR_VALUES = [b"", b"-1", b"0", b"1", b"99999999", b"1048576", b"16384", b"abc", b"&", b"<",
               b"1e308", b"NaN", b"1.5", b"s", b"n", b"str", b"inlineStr", b"b", b"e", b"d",
               b"percentage", b"float", b"string", b"units", b"scores", b"Sheet1",
               b"worksheets/sheet9.xml", b"../../../etc/passwd", b"/xl/worksheets/sheet1.xml",
               b"rId1", b"rId99", b"A1:XFD1048576", b"A1:A1", b"B2:A1", b"9", b"10", b"0%",
               b'0.00"%"', b"\\%"]
NUMBERS = [b"0", b"-1", b"1e308", b"-1e308", b"1e309", b"NaN", b"nan", b"inf", b"1.5", b"99999",
           b"4294967296", b"18446744073709551616", b"", b"abc", b"00", b"1,5", b"0x10", b"1e-400"]


def _regex_pick(rng: random.Random, pattern: bytes, data: bytes, group: int = 0
                ) -> tuple[int, int] | None:
    spans = [m.span(group) for m in re.finditer(pattern, data)]
    return rng.choice(spans) if spans else None


def x_flip(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    if not data:
        return data, "flip (empty)"
    out = bytearray(data)
    n = rng.choice([1, 1, 4, 16])
    for _ in range(n):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out), f"flip {n} bits"


def x_delete(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    i = rng.randrange(len(data) + 1)
    n = rng.choice([1, 4, 30, 300, 3000])
    return data[:i] + data[i + n:], f"delete {n} bytes at {i}"


def x_duplicate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    i = rng.randrange(len(data) + 1)
    n = rng.choice([10, 100, 1000, 5000])
    j = rng.randrange(len(data) + 1)
    piece = data[i:i + n] * rng.choice([1, 1, 2, 50])
    return data[:j] + piece + data[j:], f"duplicate {len(piece)} bytes from {i} at {j}"


def x_insert(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    token = rng.choice(XML_TOKENS)
    bounds = [m.end() for m in re.finditer(rb">", data)]
    i = rng.choice(bounds) if bounds and rng.random() < 0.6 else rng.randrange(len(data) + 1)
    return data[:i] + token + data[i:], f"insert {token!r} at {i}"


def x_number(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    span = _regex_pick(rng, rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", data)
    if span is None:
        return data, "number (none)"
    new = rng.choice(NUMBERS)
    return data[:span[0]] + new + data[span[1]:], f"number {data[span[0]:span[1]]!r} → {new!r}"


def x_ref(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    span = _regex_pick(rng, rb'\b(?:r|ref|sqref)="([^"]*)"', data, 1)
    if span is None:
        return data, "ref (none)"
    old = data[span[0]:span[1]]
    if b":" in old and rng.random() < 0.5:
        new = rng.choice([b"A1:XFD1048576", b"A1:A1048576", b"B2:A1", b"A1", b"A1:", b"A1:B2:C3"])
    elif old.isdigit():  # a row number
        new = rng.choice([b"1048576", b"0", b"-1", b"1", b"99999999999", b"", b"x", old + b"0"])
    else:
        new = rng.choice(REFS)
    return data[:span[0]] + new + data[span[1]:], f"ref {old!r} → {new!r}"


def x_type(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    span = _regex_pick(rng, rb'\b(?:t|office:value-type|calcext:value-type)="([^"]*)"', data, 1)
    if span is None:
        return data, "type (none)"
    new = rng.choice([b"s", b"n", b"b", b"e", b"str", b"inlineStr", b"d", b"zz", b"",
                      b"float", b"percentage", b"string", b"boolean", b"date", b"time",
                      b"currency"])
    return data[:span[0]] + new + data[span[1]:], f"type → {new!r}"


def x_attr(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    span = _regex_pick(rng, rb'[\w:.-]+="([^"]*)"', data, 1)
    if span is None:
        return data, "attr (none)"
    new = rng.choice(ATTR_VALUES)
    return data[:span[0]] + new + data[span[1]:], f"attr {data[span[0]:span[1]][:20]!r} → {new!r}"


def x_text(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    span = _regex_pick(rng, rb">([^<]{1,200})<", data, 1)
    if span is None:
        return data, "text (none)"
    value = odd_value(rng)
    new = str(value).encode("utf-8", "surrogatepass")
    if rng.random() < 0.7:
        new = new.replace(b"&", b"&amp;").replace(b"<", b"&lt;")
    return data[:span[0]] + new + data[span[1]:], f"text → {new[:20]!r}"


def x_close_tag(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    pattern = rng.choice([rb"</[^>]+>", rb"<[A-Za-z][^>]*>"])
    span = _regex_pick(rng, pattern, data)
    if span is None:
        return data, "tag (none)"
    return data[:span[0]] + data[span[1]:], f"remove tag {data[span[0]:span[1]][:20]!r}"


def x_truncate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    k = rng.randrange(len(data) + 1)
    return data[:k], f"truncate at {k}"


def x_entities(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """A DOCTYPE with entities (billion laughs, external) and a reference to them."""
    kind = rng.choice(["laughs", "external", "plain"])
    if kind == "laughs":
        ents = b'<!ENTITY a0 "lol">' + b"".join(
            b"<!ENTITY a%d \"%s\">" % (k, b"&a%d;" % (k - 1) * 10) for k in range(1, 10))
        ref = b"&a9;"
    elif kind == "external":
        ents, ref = b'<!ENTITY a9 SYSTEM "file:///etc/passwd">', b"&a9;"
    else:
        ents, ref = '<!ENTITY a9 "Sở Nội vụ">'.encode(), b"&a9;"
    head = re.match(rb"<\?xml[^>]*\?>", data)
    at = head.end() if head else 0
    data = data[:at] + b"<!DOCTYPE x [" + ents + b"]>" + data[at:]
    span = _regex_pick(rng, rb">([^<]{1,200})<", data, 1)
    if span is not None:
        data = data[:span[0]] + ref + data[span[1]:]
    return data, f"entities {kind}"


XML_OPS: list[tuple[Callable[[random.Random, bytes], tuple[bytes, str]], int]] = [
    (x_flip, 4), (x_delete, 4), (x_duplicate, 3), (x_insert, 5), (x_number, 6), (x_ref, 6),
    (x_type, 4), (x_attr, 6), (x_text, 6), (x_close_tag, 3), (x_truncate, 1), (x_entities, 1),
]


def _pick_part(rng: random.Random, entries: Entries) -> int:
    def weight(name: str) -> int:
        if name.startswith("xl/worksheets/") or name == "content.xml":
            return 10
        if name in ("xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml", "styles.xml"):
            return 4
        if name.endswith(".rels") or name.startswith("[Content_Types]") or "manifest" in name:
            return 2
        return 1

    return rng.choices(range(len(entries)), weights=[weight(i.filename) for i, _ in entries])[0]


def _zip_level(rng: random.Random, entries: Entries) -> str:
    i = _pick_part(rng, entries)
    info, data = entries[i]
    op = rng.choice(["drop", "duplicate", "rename", "empty", "junk", "huge"])
    if op == "drop":
        del entries[i]
    elif op == "duplicate":
        entries.insert(rng.randrange(len(entries) + 1), (info, data))
    elif op == "rename":
        new = rng.choice(["xl/worksheets/sheet9.xml", info.filename.upper(), info.filename + "x",
                          "../" + info.filename, "/" + info.filename, info.filename.replace(
                              "/", "\\")])
        entries[i] = (zipfile.ZipInfo(new, info.date_time), data)
    elif op == "empty":
        entries[i] = (info, b"")
    elif op == "junk":
        entries.append((zipfile.ZipInfo("xl/junk.bin"), bytes(rng.randrange(256)
                                                               for _ in range(100))))
    else:  # a part claiming a huge sheet: many empty rows that still say so
        rows = b"".join(b'<row r="%d"/>' % r for r in range(1, 20_001))
        entries[i] = (info, data.replace(b"<sheetData>", b"<sheetData>" + rows, 1))
    return f"zip: {op} {info.filename}"


def make_zip_case(seed: int, rng: random.Random) -> Case:
    name = rng.choice(XLSX_SEEDS + ODS_SEEDS * 2)
    entries = read_zip(_read(FORMATS / name))
    steps = [name]
    if rng.random() < 0.1:
        steps.append(_zip_level(rng, entries))
    else:
        i = _pick_part(rng, entries)
        info, data = entries[i]
        steps.append(info.filename)
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 5])):
            op = _weighted(rng, XML_OPS)
            data, step = op(rng, data)
            steps.append(step)
        entries[i] = (info, data)
    return _workbook_case("zip-xml", seed, rng, name, write_zip(entries), steps)


# --- cell values, sheets and headers through openpyxl --------------------------------------

SHEET_NAMES = ["units", "Units", "UNITS ", " units", "Đơn vị", "don vi", "scores", "Điểm",
               "Diem", "survey", "Điều tra", "adjustments", "settings", "Cài đặt", "Sheet1",
               "SNV", "U1", "Ba Vì", "Huyện Ba Vì", "x" * 31, "'quoted'", "a b", "1", "ĐTXHH",
               "Thưởng phạt", "Danh sách đơn vị", "Chấm điểm", "Thẩm định"]
HEADERS = ["unit_id", "Unit_ID", "unit id", "unitid", "unit_id ", "criterion_id", "criterion",
           "value", "values", "self_value", "name", "group", "sheet", "kind", "points", "reason",
           "respondent_group", "key", "value", "Mã đơn vị", "Mã tiêu chí", "Mã TC", "STT", "TT",
           "Điểm thẩm định", "Điểm tự đánh giá", "Điểm tối đa", "max", "title", "Tiêu chí",
           "Q1", "Q2", "Q3", "Nhóm đối tượng", "Loại", "Điểm", "Ghi chú", "evidence", None, "",
           1, 1.1, True, "=A1", "unit_id\nx", "ｕｎｉｔ＿ｉｄ"]


class _Book:
    """What a cells mutation needs to know besides the workbook: whether criteria moved."""

    def __init__(self) -> None:
        self.criteria = True


def _header_row(ws: Any) -> int:
    for r in range(1, min(ws.max_row, 10) + 1):
        texts = [c.value for c in ws[r] if isinstance(c.value, str)]
        if len(texts) >= 2:
            return r
    return 1


def _cell(rng: random.Random, ws: Any) -> tuple[int, int]:
    rows, cols = max(ws.max_row, 1), max(ws.max_column, 1)
    row = _header_row(ws) if rng.random() < 0.2 else rng.randint(1, rows + 1)
    col = rng.randint(1, cols) if rng.random() < 0.6 else rng.choice([1, 2, 3, cols + 1])
    return row, col


def c_set(rng: random.Random, wb: Any, book: _Book) -> str:
    ws = rng.choice(wb.worksheets)
    r, c = _cell(rng, ws)
    other = rng.choice(wb.worksheets)
    if rng.random() < 0.15 and other.max_row > 1:  # a value from elsewhere in the workbook
        value = other.cell(rng.randint(1, other.max_row), rng.randint(1, other.max_column)).value
    else:
        value = odd_value(rng)
    ws.cell(r, c).value = value
    return f"{ws.title}!R{r}C{c} = {str(value)[:20]!r}"


def c_rename_sheet(rng: random.Random, wb: Any, book: _Book) -> str:
    ws = rng.choice(wb.worksheets)
    old = ws.title
    new = rng.choice(SHEET_NAMES + [s.title.upper() for s in wb.worksheets])
    if new in wb.sheetnames and new != old:
        wb[new].title = old + "_"
    ws.title = new
    return f"sheet {old!r} → {new!r}"


def c_header(rng: random.Random, wb: Any, book: _Book) -> str:
    ws = rng.choice(wb.worksheets)
    r = _header_row(ws)
    c = rng.randint(1, max(ws.max_column, 1))
    old = ws.cell(r, c).value
    new = rng.choice(HEADERS + [v.value for v in ws[r]])
    ws.cell(r, c).value = new
    return f"header {ws.title}!R{r}C{c} {old!r} → {new!r}"


def c_drop_column(rng: random.Random, wb: Any, book: _Book) -> str:
    ws = rng.choice(wb.worksheets)
    c = rng.randint(1, max(ws.max_column, 1))
    ws.delete_cols(c)
    return f"drop column {c} of {ws.title}"


def c_insert(rng: random.Random, wb: Any, book: _Book) -> str:
    ws = rng.choice(wb.worksheets)
    n = rng.choice([1, 1, 2, 5])
    if rng.random() < 0.5:
        r = rng.randint(1, ws.max_row + 1)
        ws.insert_rows(r, n)
        return f"insert {n} rows at {r} of {ws.title}"
    c = rng.randint(1, ws.max_column + 1)
    ws.insert_cols(c, n)
    return f"insert {n} columns at {c} of {ws.title}"


def c_duplicate_row(rng: random.Random, wb: Any, book: _Book) -> str:
    ws = rng.choice(wb.worksheets)
    r = rng.randint(1, max(ws.max_row, 1))
    values = [c.value for c in ws[r]]
    to = rng.choice([ws.max_row + 1, r + 1, rng.randint(1, ws.max_row + 1)])
    ws.insert_rows(to)
    for c, v in enumerate(values, 1):
        ws.cell(to, c).value = v
    return f"duplicate row {r} of {ws.title} at {to}"


def c_delete_rows(rng: random.Random, wb: Any, book: _Book) -> str:
    ws = rng.choice(wb.worksheets)
    r = rng.randint(1, max(ws.max_row, 1))
    n = rng.choice([1, 1, 3, 100])
    ws.delete_rows(r, n)
    return f"delete rows {r}+{n} of {ws.title}"


def c_sheets(rng: random.Random, wb: Any, book: _Book) -> str:
    op = rng.choice(["delete", "add", "copy", "move", "clear"])
    ws = rng.choice(wb.worksheets)
    if op == "delete" and len(wb.worksheets) > 1:
        wb.remove(ws)
    elif op == "add":
        new = wb.create_sheet(rng.choice(SHEET_NAMES))
        for _ in range(rng.choice([0, 1, 3])):
            new.append([odd_value(rng) for _ in range(rng.randint(1, 5))])
    elif op == "copy":
        wb.copy_worksheet(ws)
    elif op == "move":
        wb.move_sheet(ws, offset=rng.randint(-len(wb.worksheets), len(wb.worksheets)))
    else:
        ws.delete_rows(1, ws.max_row)
    return f"sheets: {op} {ws.title}"


def c_merge(rng: random.Random, wb: Any, book: _Book) -> str:
    ws = rng.choice(wb.worksheets)
    r, c = _cell(rng, ws)
    r2, c2 = r + rng.choice([0, 1, 3]), c + rng.choice([0, 1, 2])
    if (r, c) == (r2, c2):
        r2 += 1
    ws.merge_cells(start_row=r, start_column=c, end_row=r2, end_column=c2)
    return f"merge {ws.title}!R{r}C{c}:R{r2}C{c2}"


def c_format(rng: random.Random, wb: Any, book: _Book) -> str:
    ws = rng.choice(wb.worksheets)
    r, c = _cell(rng, ws)
    fmt = rng.choice(["0%", "0.00%", "0.0\\%", '0"%"', "@", "yyyy-mm-dd", "0.00E+00"])
    ws.cell(r, c).number_format = fmt
    return f"format {ws.title}!R{r}C{c} {fmt}"


def c_far_cell(rng: random.Random, wb: Any, book: _Book) -> str:
    ws = rng.choice(wb.worksheets)
    r = rng.choice([200, 5000, 65536, 1048576])
    c = rng.choice([30, 300, 16384])
    ws.cell(r, c).value = rng.choice(["x", 1, "U1"])
    return f"far cell {ws.title}!R{r}C{c}"


def c_settings(rng: random.Random, wb: Any, book: _Book) -> str:
    ws = wb.create_sheet(rng.choice(["settings", "Cài đặt", "Settings"]))
    ref = rng.choice([CRITERIA_NAME, "./" + CRITERIA_NAME, "TINY.YAML", "province-2017",
                      "hanoi-districts", "nonexistent.yaml", "../" + CRITERIA_NAME,
                      "/nonexistent/x.yaml", ".", "", " tiny.yaml ", "criteria:", "tiny",
                      "tiny.yaml\x00", "~/tiny.yaml", "x" * 5000, 1, None])
    ws.append([rng.choice(["key", "Khóa", "key "]), rng.choice(["value", "Giá trị"])])
    ws.append([rng.choice(["criteria", "Criteria", "criteria:Sở", "criteria:", "CRITERIA "]), ref])
    if rng.random() < 0.3:
        ws.append(["criteria:Huyện", rng.choice([CRITERIA_NAME, "nonexistent.yaml"])])
    book.criteria = rng.random() < 0.2  # mostly: the settings sheet must name the criteria
    return f"settings sheet criteria={str(ref)[:20]!r}"


def c_many_rows(rng: random.Random, wb: Any, book: _Book) -> str:
    ws = rng.choice(wb.worksheets)
    n = rng.choice([200, 2000])
    width = max(ws.max_column, 1)
    template = [c.value for c in ws[min(ws.max_row, 2)]]
    for k in range(n):
        ws.append([f"{v}{k}" if isinstance(v, str) and rng.random() < 0.5 else v
                   for v in template[:width]])
    return f"append {n} rows to {ws.title}"


CELL_OPS: list[tuple[Callable[[random.Random, Any, _Book], str], int]] = [
    (c_set, 14), (c_rename_sheet, 3), (c_header, 6), (c_drop_column, 2), (c_insert, 3),
    (c_duplicate_row, 4), (c_delete_rows, 2), (c_sheets, 3), (c_merge, 2), (c_format, 2),
    (c_far_cell, 1), (c_settings, 2), (c_many_rows, 1),
]


def make_cells_case(seed: int, rng: random.Random) -> Case:
    import openpyxl

    name = rng.choice(XLSX_SEEDS)
    source = _read(FORMATS / name)
    for _attempt in range(4):
        wb = openpyxl.load_workbook(io.BytesIO(source))
        book, steps = _Book(), [name]
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            op = _weighted(rng, CELL_OPS)
            try:
                steps.append(op(rng, wb, book))
            except Exception as exc:  # openpyxl refused the change (bad title, bad char…)
                steps.append(f"{op.__name__} refused ({type(exc).__name__})")
        out = io.BytesIO()
        try:
            wb.save(out)
        except Exception:  # openpyxl cannot write what it was given; try other changes
            continue
        case = _workbook_case("cells", seed, rng, name, out.getvalue(), steps)
        case.criteria = book.criteria
        return case
    return _workbook_case("cells", seed, rng, name, source, [name, "unchanged"])


# --- whole-file bytes ------------------------------------------------------------------------

def make_binary_case(seed: int, rng: random.Random) -> Case:
    name = rng.choice(XLS_SEEDS * 3 + XLSX_SEEDS[:4] + ODS_SEEDS[:1])
    data = _read(FORMATS / name)
    steps = [name]
    roll = rng.random()
    if roll < 0.15:  # one kind of file named as another
        content = rng.choice([b"", b"PK\x03\x04", b"PK\x05\x06" + bytes(18), b"a,b\n1,2\n",
                              b"<html><table><tr><td>1</td></tr></table></html>",
                              _read(FORMATS / CRITERIA_NAME), _read(FORMATS / "lo.ods"),
                              _read(FORMATS / "lo.xls"), _read(FORMATS / "canonical.xlsx"),
                              b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
                              b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256)
                                                                          for _ in range(4000))])
        suffix = rng.choice(WORKBOOK_SUFFIXES)
        name = f"renamed{suffix}"
        steps.append(f"{len(content)} bytes named {name}")
        return _workbook_case("binary", seed, rng, name, content, steps)
    for _ in range(rng.choice([1, 1, 2, 3])):
        op = rng.choice([x_flip, x_flip, x_delete, x_duplicate, x_truncate, b_random_bytes,
                         _zero_block])
        data, step = op(rng, data)
        steps.append(step)
    return _workbook_case("binary", seed, rng, name, data, steps)


def _zero_block(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    i = rng.randrange(len(data) + 1)
    n = rng.choice([4, 64, 512])
    fill = rng.choice([b"\x00", b"\xff"])
    return data[:i] + fill * n + data[i + n:], f"fill {n} bytes at {i} with {fill!r}"


MAKERS: dict[str, Callable[[int, random.Random], Case]] = {
    "yaml": make_yaml_case, "zip-xml": make_zip_case, "cells": make_cells_case,
    "binary": make_binary_case,
}


def make_case(category: str, seed: int) -> Case:
    """The case for (category, seed): the same bytes every time, on every machine."""
    return MAKERS[category](seed, random.Random(f"parcalc-fuzz:{category}:{seed}"))


# --- regression files ------------------------------------------------------------------------

def regression_files(folder: Path = REGRESSIONS) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_dir() or p.suffix.lower() in (".yaml", ".yml", *WORKBOOK_SUFFIXES))


def case_name(case: Case, outcome: Outcome) -> str:
    """``<category>-<status>-<error>-<where>-s<seed>[-flags]``: what it is, at a glance."""
    flags = "" if case.criteria else "-nocriteria"
    flags += f"-layout-{case.layout}" if case.layout else ""
    flags += "-strict" if case.strict else ""
    base = f"{case.category}-{outcome.slug()}-s{case.seed}{flags}"
    if case.target == ".":
        return base
    return base + Path(case.target).suffix


def save_case(case: Case, outcome: Outcome, folder: Path) -> Path:
    """Write the case into ``folder`` (a folder of its own when it is several files)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / case_name(case, outcome)
    if case.target == ".":
        path.mkdir(exist_ok=True)
        for name, data in case.files.items():
            (path / name).write_bytes(data)
    else:
        path.write_bytes(case.files[case.target])
    return path


def case_from_file(path: Path) -> Case:
    """A saved regression file (or folder) as a case; flags come from its name."""
    name = path.name
    layout = next((lay for lay in ("per-unit", "matrix", "long") if f"-layout-{lay}" in name),
                  None)
    flags = {"criteria": "-nocriteria" not in name, "layout": layout,
             "strict": "-strict" in name}
    if path.is_dir():
        files = {p.name: p.read_bytes() for p in sorted(path.iterdir())
                 if p.suffix.lower() in WORKBOOK_SUFFIXES}
        return Case("file", 0, "workbook", files, ".", [name], **flags)  # type: ignore[arg-type]
    kind = "criteria" if path.suffix.lower() in (".yaml", ".yml") else "workbook"
    return Case("file", 0, kind, {name: path.read_bytes()}, name, [name],
                **flags)  # type: ignore[arg-type]


# --- running one case --------------------------------------------------------------------------

class CaseTimeout(BaseException):  # a BaseException, so `except Exception` in parcalc misses it
    """The alarm went off: the case ran longer than the time limit."""


class _Alarm:
    """Whether the alarm went off during the case, and where: code that catches everything
    (``except BaseException``) may turn the :class:`CaseTimeout` into an ordinary error."""

    fired = False
    where = ""


def _alarm(_signum: int, frame: Any) -> None:
    _Alarm.fired = True
    _Alarm.where = _where_in(traceback.extract_stack(frame))
    raise CaseTimeout


def _where(tb: Any) -> str:
    return _where_in(traceback.extract_tb(tb))


def _where_in(frames: traceback.StackSummary) -> str:
    mine = [f for f in frames if "/parcalc/" in f.filename.replace("\\", "/")
            and "/tests/" not in f.filename.replace("\\", "/")]
    if not mine:
        return ""
    f = mine[-1]
    path = f.filename.replace("\\", "/")
    return f"{path[path.rindex('/parcalc/') + 1:]}:{f.lineno} in {f.name}"


def _strict_json(text: str) -> None:
    def refuse(token: str) -> None:
        raise ValueError(f"the JSON output holds {token}, which is not JSON")

    json.loads(text, parse_constant=refuse)


def _touch_problems(problems: Iterable[Any]) -> None:
    """What the CLI does with problems: print each one, and as JSON for --format json."""
    for p in problems:
        json.dumps(p.as_dict(), ensure_ascii=False)
        str(p)


def _render(results: Any) -> None:
    from parcalc.render.csvout import to_csv
    from parcalc.render.jsonout import to_json

    _strict_json(to_json(results))
    to_csv(results)
    _touch_problems(results.warnings)


def _run_criteria(path: Path) -> str:
    from parcalc.criteria.load import check_text, load_criteria
    from parcalc.engine import score
    from parcalc.errors import ParcalcError, errors_only
    from parcalc.workbook import read_workbooks

    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        load_criteria(path)  # must raise CriteriaError: the file is not UTF-8
        raise AssertionError("load_criteria accepted a file that is not UTF-8") from None
    try:
        criteria, problems = check_text(text, path.name)
    except ParcalcError as exc:  # check_text reports problems; it never raises
        raise AssertionError(f"check_text raised {type(exc).__name__}: {exc}") from exc
    _touch_problems(problems)
    if criteria is None or errors_only(problems):
        return "rejected"
    _render(score(read_workbooks([CANONICAL]), criteria))
    return "ok"


def _run_workbook(case: Case, folder: Path) -> str:
    from parcalc.api import score_file

    (folder / CRITERIA_NAME).write_bytes(_read(FORMATS / CRITERIA_NAME))
    target = folder if case.target == "." else folder / case.target
    criteria = folder / CRITERIA_NAME if case.criteria else None
    _render(score_file(target, criteria, strict=case.strict, layout=case.layout))
    return "ok"


def run_case(case: Case, workdir: Path, timeout: float = TIMEOUT) -> Outcome:
    """Run one case in this process, with an alarm; classify what happened."""
    folder = Path(tempfile.mkdtemp(dir=workdir))
    sub = folder / "case"
    sub.mkdir()
    start, cpu = time.perf_counter(), time.process_time()
    old = signal.signal(signal.SIGALRM, _alarm)
    _Alarm.fired, _Alarm.where = False, ""
    try:
        outcome = _run_guarded(case, sub, timeout, start)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        shutil.rmtree(folder, ignore_errors=True)
    outcome.cpu = time.process_time() - cpu
    if _Alarm.fired and outcome.status != "hang":  # the timeout was caught and dressed up
        return Outcome("hang", "Timeout", f"still running after {timeout:g} s (then: "
                       f"{outcome.status} {outcome.error} {outcome.message[:150]})",
                       _Alarm.where, outcome.trace, outcome.seconds)
    return outcome


def _run_guarded(case: Case, sub: Path, timeout: float, start: float) -> Outcome:
    from parcalc.errors import ParcalcError

    try:
        for name, data in case.files.items():
            (sub / name).write_bytes(data)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            if case.kind == "criteria":
                status = _run_criteria(sub / case.target)
            else:
                status = _run_workbook(case, sub)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return Outcome(status, seconds=time.perf_counter() - start)
    except ParcalcError as exc:
        try:
            _touch_problems(exc.problems)
            str(exc)
        except Exception as inner:
            return _crash(inner, start)
        return Outcome("rejected", type(exc).__name__, _first_line(str(exc)),
                       seconds=time.perf_counter() - start)
    except CaseTimeout:
        return Outcome("hang", "Timeout", f"still running after {timeout:g} s", _Alarm.where,
                       traceback.format_exc(), time.perf_counter() - start)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        return _crash(exc, start)


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:300]


def _crash(exc: BaseException, start: float) -> Outcome:
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return Outcome("crash", type(exc).__name__, _first_line(str(exc)), _where(exc.__traceback__),
                   trace, time.perf_counter() - start)


def run_job(job: Job, workdir: Path, timeout: float = TIMEOUT) -> Outcome:
    try:
        if job.case is not None:
            case = job.case
        elif job.path is not None:
            case = case_from_file(Path(job.path))
        else:
            case = make_case(job.category, job.seed)
    except Exception as exc:
        outcome = _crash(exc, time.perf_counter())
        return replace(outcome, status="harness")
    return run_case(case, workdir, timeout)


# --- worker processes ------------------------------------------------------------------------

def _worker_main(conn: Connection, err_path: str, timeout: float, memory_mb: int) -> None:
    err = os.open(err_path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(err, 2)
    os.dup2(err, 1)  # xlrd and native code print warnings; keep them out of the report
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 — the worker's stderr for its life
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
    if memory_mb:
        limit = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import warnings

    warnings.simplefilter("ignore")
    workdir = Path(tempfile.mkdtemp(prefix="parcalc-fuzz-"))
    conn.send("ready")
    try:
        while True:
            try:
                job = conn.recv()
            except EOFError:
                break
            if job is None:
                break
            os.ftruncate(err, 0)
            os.lseek(err, 0, os.SEEK_SET)
            conn.send(run_job(job, workdir, timeout))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    err_path: str
    job: Job | None = None
    started: float = 0.0


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class Pool:
    """Worker processes that run jobs; a hang or a dead worker becomes an outcome."""

    def __init__(self, workers: int | None = None, timeout: float = TIMEOUT,
                 memory_mb: int = MEMORY_MB) -> None:
        self.size = workers or default_workers()
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload([__name__, "parcalc.api", "parcalc.render.jsonout",
                                          "parcalc.render.csvout", "openpyxl"])
        self._tmp = Path(tempfile.mkdtemp(prefix="parcalc-fuzz-pool-"))
        self._workers: list[_Worker] = []
        self._count = 0

    def _start(self) -> _Worker:
        self._count += 1
        parent, child = self._ctx.Pipe()
        err_path = str(self._tmp / f"worker-{self._count}.err")
        process = self._ctx.Process(target=_worker_main, daemon=True,
                                    args=(child, err_path, self.timeout, self.memory_mb))
        process.start()
        child.close()
        try:  # a worker that cannot start would otherwise be restarted forever
            if not parent.poll(120) or parent.recv() != "ready":
                raise EOFError
        except (EOFError, OSError):
            process.kill()
            err = Path(err_path).read_text("utf-8", "replace") if Path(err_path).exists() else ""
            raise RuntimeError(f"a fuzz worker did not start:\n{err[-3000:]}") from None
        return _Worker(process, parent, err_path)

    def _stop(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    def _died(self, worker: _Worker, hang: bool) -> Outcome:
        if hang:
            self._stop(worker)
        else:
            worker.process.join(5)
        try:
            err = Path(worker.err_path).read_text("utf-8", "replace")
        except OSError:
            err = ""
        lines = [ln for ln in err.splitlines() if ln.strip()]
        seconds = time.monotonic() - worker.started
        if hang:
            return Outcome("hang", "Killed", f"no answer after {seconds:.0f} s (stuck outside "
                           "Python, e.g. in native code)", "", err[-4000:], seconds)
        code = worker.process.exitcode
        name = signal.Signals(-code).name if code is not None and code < 0 else f"exit {code}"
        return Outcome("died", name, lines[0][:200] if lines else "", "", err[-4000:], seconds)

    def run(self, jobs: Iterable[Job], deadline: float | None = None
            ) -> Iterator[tuple[Job, Outcome]]:
        """Run ``jobs`` (lazily) and yield each with its outcome, in the order they finish.
        Stops handing out jobs at ``deadline`` (``time.monotonic()``)."""
        todo = iter(jobs)
        while len(self._workers) < self.size:
            self._workers.append(self._start())
        hard = self.timeout + 10  # the alarm, then time for Python to notice it
        try:
            yield from self._loop(todo, deadline, hard)
        finally:  # the caller stopped early: workers still busy would answer the next jobs
            for k, worker in enumerate(self._workers):
                if worker.job is not None:
                    self._stop(worker)
                    self._workers[k] = self._start()

    def _loop(self, todo: Iterator[Job], deadline: float | None, hard: float
              ) -> Iterator[tuple[Job, Outcome]]:
        exhausted = False
        while True:
            for k, worker in enumerate(self._workers):
                if worker.job is None and not exhausted:
                    if deadline is not None and time.monotonic() >= deadline:
                        exhausted = True
                        break
                    job = next(todo, None)
                    if job is None:
                        exhausted = True
                        break
                    if not worker.process.is_alive():
                        worker = self._workers[k] = self._start()
                    worker.job, worker.started = job, time.monotonic()
                    worker.conn.send(job)
            busy = [w for w in self._workers if w.job is not None]
            if not busy:
                return
            now = time.monotonic()
            wait_for = max(0.05, min(w.started + hard - now for w in busy))
            ready = wait([w.conn for w in busy], timeout=wait_for)
            for k, worker in enumerate(self._workers):
                if worker.job is None:
                    continue
                job = worker.job
                if worker.conn in ready:
                    try:
                        outcome = worker.conn.recv()
                    except (EOFError, OSError):
                        outcome = self._died(worker, hang=False)
                        self._workers[k] = self._start()
                    else:
                        worker.job = None
                    yield job, outcome
                elif time.monotonic() - worker.started > hard:
                    outcome = self._died(worker, hang=True)
                    self._workers[k] = self._start()
                    yield job, outcome

    def close(self) -> None:
        for worker in self._workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self._workers:
            worker.process.join(5)
            self._stop(worker)
        self._workers = []
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- shrinking a YAML crash --------------------------------------------------------------------

def minimize(pool: Pool, case: Case, signature: str, budget: int = 150,
             seconds: float = 60.0) -> Case:
    """Fewer lines, same bug: drop chunks of lines while the signature stays (ddmin-lite),
    for at most ``budget`` tries and ``seconds``."""
    if case.kind != "criteria":
        return case
    try:
        lines = case.files[case.target].decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return case
    tries = 0
    chunk = max(len(lines) // 2, 1)
    stop = time.monotonic() + seconds

    def more() -> bool:
        return tries < budget and time.monotonic() < stop

    while chunk >= 1 and more():
        i, shrunk = 0, False
        while i < len(lines) and more():
            candidate = lines[:i] + lines[i + chunk:]
            data = "\n".join(candidate).encode("utf-8", "surrogatepass")
            trial = replace(case, files={case.target: data})
            tries += 1
            _, outcome = next(pool.run([Job(case.category, case.seed, case=trial)]))
            if outcome.failed and outcome.signature == signature:
                lines, shrunk = candidate, True
            else:
                i += chunk
        if not shrunk:
            chunk //= 2
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    return replace(case, files={case.target: data}, steps=[*case.steps, f"minimized ({tries})"])
