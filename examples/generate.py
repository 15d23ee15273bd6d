"""Generate the example inspection workbook ``examples/<year>.xlsx`` (fictitious data).

    python examples/generate.py                       # writes examples/2021.xlsx
    python examples/generate.py --year 2020 --out /tmp/2020.xlsx

The units are Hanoi's 22 departments and 30 districts under their real names; every value,
score and survey answer is invented. Each unit has a latent quality in [0, 1]: its rank is
drawn once from a year-independent seed and placed on a fixed ladder (so the spread of the
results looks like published Hanoi results), then a per-year random walk lets units improve
and slip, so 2019, 2020 and 2021 look like consecutive years. Everything else is drawn from
``random.Random(seed_for(year))``: the same year always gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import xlsxwriter

from parcalc.criteria.load import load_criteria
from parcalc.criteria.model import CriteriaSet, Leaf
from parcalc.rules import (
    ChoiceRule,
    DeductionRule,
    LinearRule,
    PerItemRule,
    SurveyRule,
    ThresholdRule,
    YesNoRule,
)

HERE = Path(__file__).resolve().parent
CRITERIA_DIR = HERE.parent / "criteria"
YEARS = (2019, 2020, 2021)
FIRST_YEAR = YEARS[0]
#: Seeds the units' latent quality, KAD cells and survey leanings: the same every year.
UNIT_SEED = "parcalc-hanoi-units"

DEPT, DIST = "Sở, ngành", "Quận, huyện, thị xã"
SET_FILES = {DEPT: "hanoi-departments.yaml", DIST: "hanoi-districts.yaml"}

#: unit_id, name, issuer code used in document numbers (QĐ-SNV, BC-STC ...).
DEPARTMENTS = (
    ("SNV", "Sở Nội vụ", "SNV"),
    ("STC", "Sở Tài chính", "STC"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "SKHĐT"),
    ("STP", "Sở Tư pháp", "STP"),
    ("SCT", "Sở Công Thương", "SCT"),
    ("SXD", "Sở Xây dựng", "SXD"),
    ("SGTVT", "Sở Giao thông vận tải", "SGTVT"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "STNMT"),
    ("STTTT", "Sở Thông tin và Truyền thông", "STTTT"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "SLĐTBXH"),
    ("SVHTT", "Sở Văn hóa và Thể thao", "SVHTT"),
    ("SDL", "Sở Du lịch", "SDL"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "SKHCN"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("SYT", "Sở Y tế", "SYT"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "SNN"),
    ("SQHKT", "Sở Quy hoạch - Kiến trúc", "QHKT"),
    ("SNGV", "Sở Ngoại vụ", "SNgV"),
    ("TTTP", "Thanh tra Thành phố", "TTTP"),
    ("VPUB", "Văn phòng UBND Thành phố", "VP"),
    ("BDT", "Ban Dân tộc", "BDT"),
    ("BQLKCN", "Ban Quản lý các khu công nghiệp và chế xuất", "BQL"),
)
DISTRICTS = (
    ("BADINH", "Quận Ba Đình"), ("HOANKIEM", "Quận Hoàn Kiếm"), ("TAYHO", "Quận Tây Hồ"),
    ("LONGBIEN", "Quận Long Biên"), ("CAUGIAY", "Quận Cầu Giấy"), ("DONGDA", "Quận Đống Đa"),
    ("HAIBATRUNG", "Quận Hai Bà Trưng"), ("HOANGMAI", "Quận Hoàng Mai"),
    ("THANHXUAN", "Quận Thanh Xuân"), ("NAMTULIEM", "Quận Nam Từ Liêm"),
    ("BACTULIEM", "Quận Bắc Từ Liêm"), ("HADONG", "Quận Hà Đông"),
    ("SONTAY", "Thị xã Sơn Tây"),
    ("BAVI", "Huyện Ba Vì"), ("CHUONGMY", "Huyện Chương Mỹ"), ("DANPHUONG", "Huyện Đan Phượng"),
    ("DONGANH", "Huyện Đông Anh"), ("GIALAM", "Huyện Gia Lâm"), ("HOAIDUC", "Huyện Hoài Đức"),
    ("MELINH", "Huyện Mê Linh"), ("MYDUC", "Huyện Mỹ Đức"), ("PHUXUYEN", "Huyện Phú Xuyên"),
    ("PHUCTHO", "Huyện Phúc Thọ"), ("QUOCOAI", "Huyện Quốc Oai"), ("SOCSON", "Huyện Sóc Sơn"),
    ("THACHTHAT", "Huyện Thạch Thất"), ("THANHOAI", "Huyện Thanh Oai"),
    ("THANHTRI", "Huyện Thanh Trì"), ("THUONGTIN", "Huyện Thường Tín"),
    ("UNGHOA", "Huyện Ứng Hòa"),
)

#: Latent quality by rank within a group: best, worst of the main body, then a weak tail.
LADDERS: dict[str, tuple[float, float, tuple[float, ...]]] = {
    DEPT: (0.96, 0.845, (0.76, 0.66)),
    DIST: (0.945, 0.925, ()),
}
TREND, DRIFT_SD = 0.01, 0.015  # per year: units improve a little on average
SHORTFALL_SD = 0.4  # log-normal spread of a cell's shortfall from full marks (1 - quality)
DIFFICULTY = (-0.08, 0.04)  # per-criterion offset: some criteria are hard for everyone

#: Leaves that may be not applicable (KAD) to a unit, and how often.
KAD_LEAVES = {
    "hanoi-departments": ("2.1.1", "2.1.2", "3.3.3", "6.1.1", "6.2.1", "6.2.2", "7.2.3"),
    "hanoi-districts": ("3.6.1", "4.2", "7.2.2"),
}
KAD_RATE = 0.1
BLANK_CELLS, OVER_MAX_CLAIMS = 3, 2
OVERCLAIM_RATE = 0.6  # of cells appraised below the best outcome
OVERCLAIM_STEPS = 5  # a claim is at most this many outcomes better
TEXT_NUMBER_RATE = 0.04  # of threshold/linear cells written as "85%" or "92,5"

RESPONDENT_GROUPS = ("Đại biểu HĐND", "Lãnh đạo sở", "Lãnh đạo UBND cấp huyện",
                     "Doanh nghiệp", "Người dân")
GROUP_SHARES = {DEPT: (0.1, 0.1, 0.15, 0.3, 0.35), DIST: (0.1, 0.15, 0.1, 0.25, 0.4)}
GROUP_LEANING = (-0.03, 0.02, 0.0, -0.02, 0.01)  # deputies and businesses judge harder
RESPONDENTS = (42, 56)  # per unit
ANSWER_CUTS = (("A", 0.73), ("B", 0.43), ("C", 0.22))  # latent ≥ cut → answer; else D
ANSWER_SD, SKIP_RATE = 0.26, 0.05
SURVEY_LIFT = 0.03  # respondents judge a little more kindly than appraisers

BONUS_REASONS = (
    "Sáng kiến CCHC được công nhận cấp Thành phố",
    "Đạt giải Nhất Hội thi tìm hiểu về CCHC của Thành phố",
    "Mô hình một cửa liên thông hiện đại được Thành phố nhân rộng",
    "Được Bộ Nội vụ biểu dương về kết quả CCHC",
)
PENALTY_REASONS = (
    "Để xảy ra sai phạm trong giải quyết TTHC bị xử lý",
    "Chậm báo cáo, giải trình theo yêu cầu của UBND Thành phố",
    "Có công chức bị xử lý kỷ luật liên quan đến giải quyết TTHC",
)
APPRAISAL_NOTES = ("Thiếu tài liệu kiểm chứng", "Tài liệu kiểm chứng không phù hợp",
                   "Đã giải trình, Hội đồng thẩm định không chấp nhận")

Cell = float | int | str | None


@dataclass(frozen=True)
class Unit:
    uid: str
    name: str
    group: str
    issuer: str
    quality: float


@dataclass(frozen=True)
class Scale:
    """A leaf's outcomes, best first: the fraction of the max each earns, and how to write it."""

    fractions: list[float]
    write: Callable[[int, random.Random], Cell]


@dataclass
class ScoreRow:
    unit: Unit
    leaf: Leaf
    self_value: Cell
    value: Cell
    evidence: str = ""
    note: str = ""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def seed_for(year: int) -> int:
    """The seed of one year's workbook."""
    return 10_000 * year + 5666


def unit_rng(*parts: object) -> random.Random:
    """A generator that depends only on the unit seed and ``parts``, never on the year."""
    return random.Random(":".join([UNIT_SEED, *map(str, parts)]))


# --- units --------------------------------------------------------------------------------------

def ladder_quality(uids: Sequence[str], group: str) -> dict[str, float]:
    """Each unit's quality in the first year: a seeded rank placed on the group's ladder."""
    order = sorted(uids, key=lambda uid: unit_rng("rank", uid).random())
    best, worst, tail = LADDERS[group]
    body = len(order) - len(tail)
    steps = [best - (best - worst) * i / max(body - 1, 1) for i in range(body)]
    return dict(zip(order, [*steps, *tail], strict=True))


def drift(uid: str, year: int) -> float:
    """The unit's random walk from the first year to ``year``."""
    return sum(unit_rng("drift", uid, y).gauss(TREND, DRIFT_SD)
               for y in range(FIRST_YEAR + 1, year + 1))


def build_units(year: int) -> list[Unit]:
    specs = [(uid, name, DEPT, issuer) for uid, name, issuer in DEPARTMENTS]
    specs += [(uid, name, DIST, "UBND") for uid, name in DISTRICTS]
    base: dict[str, float] = {}
    for group in (DEPT, DIST):
        base |= ladder_quality([s[0] for s in specs if s[2] == group], group)
    return [Unit(uid, nfc(name), group, issuer,
                 min(1.0, max(0.0, base[uid] + drift(uid, year))))
            for uid, name, group, issuer in specs]


# --- outcome scales per rule type ---------------------------------------------------------------

def scale_for(leaf: Leaf) -> Scale:
    """The outcomes of a non-survey leaf, best first."""
    rule, maximum = leaf.rule, leaf.node.maximum
    if isinstance(rule, YesNoRule):
        yes = maximum if rule.yes is None else rule.yes
        return Scale([yes / maximum, rule.no / maximum],
                     lambda k, rng: yes_word(rng) if k == 0 else "Không")
    if isinstance(rule, ChoiceRule):
        labels = sorted(rule.options, key=lambda label: -rule.options[label])
        return Scale([rule.options[label] / maximum for label in labels],
                     lambda k, rng: nfc(labels[k]))
    if isinstance(rule, ThresholdRule):
        return threshold_scale(rule, maximum, leaf.node.title)
    if isinstance(rule, LinearRule):
        return linear_scale(rule)
    if isinstance(rule, PerItemRule | DeductionRule):
        return count_scale(rule, maximum)
    steps = round(maximum / 0.25)  # points: multiples of 0.25
    return Scale([(steps - k) / steps for k in range(steps + 1)],
                 lambda k, rng: (steps - k) * 0.25)


def yes_word(rng: random.Random) -> Cell:
    """Mostly "Có"; now and then the other ways appraisers write yes."""
    return "Có" if rng.random() < 0.93 else rng.choice(["x", "Đạt", 1])


def threshold_grid(rule: ThresholdRule, title: str) -> np.ndarray:
    """Plausible values for a threshold leaf: around its bounds, on its side of better."""
    bounds = [step.bound for step in rule.steps]
    values = [b for _, b in bounds]
    if any(kind in ("min", "above") for kind, _ in bounds):
        top = 115.0 if "dự toán" in title else max(100.0, *values)
        return np.round(np.arange(max(0.0, min(values) - 25), top + 0.01, 0.5), 1)
    return np.round(np.arange(0.0, max(values) + 5.01, 0.1), 1)


def threshold_scale(rule: ThresholdRule, maximum: float, title: str) -> Scale:
    grid = threshold_grid(rule, title)
    earned = rule.points(grid, maximum)
    levels = sorted({float(p) for p in earned}, reverse=True)
    bands = [grid[earned == p] for p in levels]
    return Scale([p / maximum for p in levels],
                 lambda k, rng: plain(float(rng.choice(list(bands[k])))))


def linear_scale(rule: LinearRule) -> Scale:
    """Twenty-one outcomes from ``to`` (best) down to ``from``; values a little jittered."""
    lo, hi = sorted((rule.from_, rule.to))
    fractions = [1 - k / 20 for k in range(21)]

    def write(k: int, rng: random.Random) -> Cell:
        x = rule.from_ + fractions[k] * (rule.to - rule.from_)
        if 0 < k < 20:
            x = min(hi, max(lo, x + rng.uniform(-0.025, 0.025) * (hi - lo)))
        elif k == 0 and rule.to > rule.from_:
            x = rng.uniform(rule.to, max(rule.to, 100.0))
        elif k == 20:
            x += math.copysign(rng.uniform(0, 0.3 * (hi - lo)), rule.from_ - rule.to)
        return plain(round(max(0.0, x), 1))

    return Scale(fractions, write)


def count_scale(rule: PerItemRule | DeductionRule, maximum: float) -> Scale:
    """Counts of items (best: enough for the max) or of violations (best: none)."""
    n = math.ceil(maximum / rule.points_ - 1e-9)
    if isinstance(rule, PerItemRule):
        fractions = [min(1.0, (n - k) * rule.points_ / maximum) for k in range(n + 1)]
        return Scale(fractions, lambda k, rng: n - k + (rng.choice((0, 0, 1, 2)) if k == 0 else 0))
    fractions = [max(0.0, 1 - k * rule.points_ / maximum) for k in range(n + 1)]
    return Scale(fractions, lambda k, rng: k + (rng.randint(0, 2) if k == n else 0))


def plain(x: float) -> Cell:
    """Whole numbers as int, so the sheet shows 100 rather than 100.0."""
    return int(x) if float(x).is_integer() else float(x)


def pick_level(fractions: Sequence[float], target: float, rng: random.Random) -> int:
    """The outcome for a target fraction, randomly between the two nearest outcomes so the
    expected fraction earned equals the target."""
    for k in range(len(fractions) - 1):
        hi, lo = fractions[k], fractions[k + 1]
        if target >= lo:
            share = 1.0 if hi == lo else (target - lo) / (hi - lo)
            return k if rng.random() < share else k + 1
    return len(fractions) - 1


# --- the scores sheet ---------------------------------------------------------------------------

def difficulty(cs: CriteriaSet, leaf: Leaf) -> float:
    return unit_rng("difficulty", cs.id, leaf.id).uniform(*DIFFICULTY)


def is_kad(cs: CriteriaSet, unit: Unit, leaf: Leaf) -> bool:
    eligible = leaf.id in KAD_LEAVES.get(cs.id, ())
    return eligible and unit_rng("kad", unit.uid, leaf.id).random() < KAD_RATE


def score_row(cs: CriteriaSet, unit: Unit, leaf: Leaf, year: int,
              rng: random.Random) -> ScoreRow:
    """One unit's appraised and self-assessed value for one leaf, with evidence and note."""
    if is_kad(cs, unit, leaf):
        return ScoreRow(unit, leaf, "KAD", "KAD", "", "Không phát sinh nhiệm vụ trong năm")
    scale = scale_for(leaf)
    shortfall = max(0.0, 1 - unit.quality - difficulty(cs, leaf))
    target = max(0.0, 1 - shortfall * rng.lognormvariate(0, SHORTFALL_SD))
    level = pick_level(scale.fractions, target, rng)
    value = as_text_number(leaf, scale.write(level, rng), rng)
    row = ScoreRow(unit, leaf, value, value, evidence(unit, leaf, year, rng))
    if level > 0 and rng.random() < OVERCLAIM_RATE:
        row.self_value = scale.write(rng.randrange(max(0, level - OVERCLAIM_STEPS), level), rng)
        if rng.random() < 0.4:
            row.note = rng.choice(APPRAISAL_NOTES)
            row.evidence = "" if row.note == APPRAISAL_NOTES[0] else row.evidence
    if isinstance(value, str) and "chậm" in value.casefold():
        row.note = row.note or f"Chậm {rng.randint(3, 25)} ngày so với thời hạn"
    return row


def as_text_number(leaf: Leaf, value: Cell, rng: random.Random) -> Cell:
    """Now and then a measured number typed as text: "85%" or "92,5"."""
    measured = isinstance(leaf.rule, ThresholdRule | LinearRule)
    if not measured or not isinstance(value, int | float) or rng.random() >= TEXT_NUMBER_RATE:
        return value
    if isinstance(value, int) or rng.random() < 0.5:
        return f"{value}%"
    return str(value).replace(".", ",")


def evidence(unit: Unit, leaf: Leaf, year: int, rng: random.Random) -> str:
    """A plausible reference to the document proving the value; blank now and then."""
    if rng.random() < 0.12:
        return ""
    title = leaf.node.title.casefold()
    if "kế hoạch" in title and "%" not in title:
        kind, code, day = "Kế hoạch", "KH", rng.randrange(5, 60)
    elif any(word in title for word in ("quy định", "phê duyệt", "bố trí", "bổ nhiệm")):
        kind, code, day = "Quyết định", "QĐ", rng.randrange(20, 340)
    else:
        kind, code, day = "Báo cáo", "BC", rng.randrange(150, 360)
    date = dt.date(year, 1, 1) + dt.timedelta(days=day)
    return f"{kind} số {rng.randint(12, 980)}/{code}-{unit.issuer} ngày {date:%d/%m/%Y}"


def score_rows(sets: dict[str, CriteriaSet], units: list[Unit], year: int,
               rng: random.Random) -> list[ScoreRow]:
    rows = [score_row(sets[u.group], u, leaf, year, rng)
            for u in units for leaf in sets[u.group].leaves() if not leaf.is_survey]
    applicable = [r for r in rows if r.value != "KAD"]
    for row in rng.sample(applicable, BLANK_CELLS):
        row.value, row.note = None, ""
    points_rows = [r for r in applicable if r.leaf.rule.type == "points" and r.value is not None]
    for row in rng.sample(points_rows, OVER_MAX_CLAIMS):
        row.self_value = plain(row.leaf.node.maximum + 0.5)
        row.note = row.note or "Tự chấm vượt điểm tối đa"
    return rows


# --- survey and adjustments ---------------------------------------------------------------------

def questionnaire(cs: CriteriaSet, group: str) -> set[str]:
    """The questions put to a respondent group: those of survey leaves that weigh the group
    (or weigh every group). Other groups' answers would not count, so they are not asked."""
    asked: set[str] = set()
    for leaf in cs.leaves():
        rule = leaf.rule
        if isinstance(rule, SurveyRule) and (rule.groups is None or group in rule.groups):
            asked.update(rule.questions)
    return asked


def answer(leaning: float, rng: random.Random) -> str | None:
    if rng.random() < SKIP_RATE:
        return None
    latent = leaning + rng.gauss(0, ANSWER_SD)
    return next((label for label, cut in ANSWER_CUTS if latent >= cut), "D")


def respondent_counts(unit: Unit, rng: random.Random) -> list[int]:
    total = rng.randint(*RESPONDENTS)
    return [max(3, round(total * share)) for share in GROUP_SHARES[unit.group]]


def survey_rows(sets: dict[str, CriteriaSet], units: list[Unit], questions: list[str],
                rng: random.Random) -> list[list[Cell]]:
    """One row per respondent: unit, group, then an answer (or blank) per question column."""
    rows: list[list[Cell]] = []
    for unit in units:
        leaning = unit.quality + SURVEY_LIFT + unit_rng("survey", unit.uid).gauss(0, 0.03)
        counts = respondent_counts(unit, rng)
        for group, bias, count in zip(RESPONDENT_GROUPS, GROUP_LEANING, counts, strict=True):
            asked = questionnaire(sets[unit.group], group)
            leanings = {q: leaning + bias + unit_rng("question", q).uniform(-0.06, 0.04)
                        for q in asked}
            rows += [[unit.uid, group, *(answer(leanings[q], rng) if q in asked else None
                                         for q in questions)] for _ in range(count)]
    return rows


def adjustment_rows(units: list[Unit], rng: random.Random) -> list[list[Cell]]:
    """Two bonuses for strong units and one penalty per group, now and then a third."""
    rows: list[list[Cell]] = []
    for group in (DEPT, DIST):
        mine = sorted((u for u in units if u.group == group), key=lambda u: -u.quality)
        for unit in rng.sample(mine[: len(mine) // 2], 2):
            rows.append([unit.uid, rng.choice(("thưởng", "bonus")),
                         rng.choice((0.5, 1, 1.5, 2)), rng.choice(BONUS_REASONS)])
        taken = {str(r[0]) for r in rows}
        for unit in rng.sample([u for u in mine if u.uid not in taken], rng.choice((1, 1, 2))):
            rows.append([unit.uid, "trừ", rng.choice((0.5, 1, 1.5, 2)),
                         rng.choice(PENALTY_REASONS)])
    order = {u.uid: i for i, u in enumerate(units)}
    return sorted(rows, key=lambda r: order[str(r[0])])


# --- writing ------------------------------------------------------------------------------------

def write_cell(sheet: Any, row: int, col: int, value: Cell) -> None:
    """Text as text (never a formula or a number), numbers as numbers, None as a blank."""
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row, col, nfc(value))
    else:
        sheet.write_number(row, col, value)


def write_sheet(book: Any, name: str, header: Sequence[str], rows: Sequence[Sequence[Cell]],
                widths: Sequence[int]) -> None:
    sheet = book.add_worksheet(name)
    bold = book.add_format({"bold": True})
    for col, (title, width) in enumerate(zip(header, widths, strict=True)):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, width)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            write_cell(sheet, r, col, value)
    sheet.freeze_panes(1, 0)


def readme_lines(year: int, seed: int) -> list[str]:
    return [
        f"Chỉ số CCHC năm {year} — DỮ LIỆU MINH HOẠ / PAR Index {year} — ILLUSTRATIVE DATA",
        "",
        "Mọi giá trị, điểm số, phiếu điều tra và điểm thưởng, trừ trong tệp này là giả định.",
        "Every value, score, survey answer and bonus or penalty in this file is fictitious.",
        f"Tạo bởi examples/generate.py cho năm {year}, seed {seed}.",
        f"Generated by examples/generate.py for the year {year}, seed {seed}.",
        "Tên đơn vị là tên thật của 22 sở, ngành và 30 quận, huyện, thị xã của Hà Nội.",
        "Unit names are the real 22 Hanoi departments and 30 districts and towns.",
        f"Bộ tiêu chí / criteria sets: {DEPT} → criteria/{SET_FILES[DEPT]};",
        f"{DIST} → criteria/{SET_FILES[DIST]} (minh hoạ, không phải văn bản chính thức / "
        "illustrative, not the official text).",
        "",
        f"Chấm điểm / to score: parcalc score examples/{year}.xlsx",
    ]


def settings_rows(year: int, out: Path) -> list[list[Cell]]:
    """The shipped criteria sets by id: the workbook names no file outside its folder."""
    rows: list[list[Cell]] = [[f"criteria:{group}", Path(file).stem]
                              for group, file in SET_FILES.items()]
    rows += [["year", year], ["title", f"Chỉ số CCHC năm {year} (dữ liệu minh hoạ)"]]
    return rows


def write_workbook(out: Path, year: int, sets: dict[str, CriteriaSet]) -> None:
    seed = seed_for(year)
    rng = random.Random(seed)
    units = build_units(year)
    questions = sorted({q for cs in sets.values() for group in RESPONDENT_GROUPS
                        for q in questionnaire(cs, group)})
    scores = [[r.unit.uid, r.leaf.id, r.self_value, r.value, r.evidence, r.note]
              for r in score_rows(sets, units, year, rng)]
    book = xlsxwriter.Workbook(str(out))
    book.set_properties({"title": f"Chỉ số CCHC năm {year} (dữ liệu minh hoạ)",
                         "author": "parcalc examples/generate.py",
                         "created": dt.datetime(year + 1, 1, 15, 8, 0, 0)})
    write_sheet(book, "README", ["README"], [[line] for line in readme_lines(year, seed)], [100])
    write_sheet(book, "units", ["unit_id", "name", "group"],
                [[u.uid, u.name, u.group] for u in units], [12, 44, 20])
    write_sheet(book, "scores", ["unit_id", "criterion_id", "self_value", "value", "evidence",
                                 "note"], scores, [12, 12, 30, 30, 44, 36])
    write_sheet(book, "survey", ["unit_id", "respondent_group", *questions],
                survey_rows(sets, units, questions, rng), [12, 24, *[5] * len(questions)])
    write_sheet(book, "adjustments", ["unit_id", "kind", "points", "reason"],
                adjustment_rows(units, rng), [12, 10, 8, 60])
    write_sheet(book, "settings", ["key", "value"], settings_rows(year, out), [28, 44])
    book.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, choices=YEARS, default=YEARS[-1])
    parser.add_argument("--out", type=Path, help="output file (default: examples/<year>.xlsx)")
    args = parser.parse_args(argv)
    out = args.out or HERE / f"{args.year}.xlsx"
    sets = {group: load_criteria(CRITERIA_DIR / file) for group, file in SET_FILES.items()}
    write_workbook(out, args.year, sets)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
