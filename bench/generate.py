"""Write benchmark workbooks of a given size with a matching criteria set (issue 6).

    python bench/generate.py --size city                 # → ~/.cache/parcalc-bench/city/
    python bench/generate.py --size country --out /tmp/par-country

| size     | files | units  | leaves | survey                       |
|----------|-------|--------|--------|------------------------------|
| city     | 1     | 52     | 160    | 2,600 respondents × 20       |
| province | 1     | 700    | 160    | 50,000 × 20                  |
| country  | 63    | 10,600 | 160    | 1,000,000 × 20 over the files|

(``--size tiny``, for the tests: 2 files, 6 units, 20 leaves, 60 respondents × 5 questions.)

Each folder gets ``criteria.yaml`` and the workbooks (long layout: sheets units, scores,
survey, adjustments, settings; criterion ids as text; unit ids are five-digit codes stored as
text). Everything is drawn from seeded numpy generators, so the same size always gives the
same data. Files are written with xlsxwriter in ``constant_memory`` mode (so strings are
inline strings, not a shared string table), several files at once on several cores.
A ``manifest.json`` records the parameters: if it matches and the files are there, nothing is
written again (``--force`` rewrites). The default folder is ``$PARCALC_BENCH_DATA/<size>``,
else ``~/.cache/parcalc-bench/<size>``: the country data (~hundreds of MB) stays out of the
repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
import zlib
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):  # run as a script: python bench/generate.py (shapes import bench)
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: Bump when the data written changes, so cached folders are rewritten.
GENERATOR_VERSION = 1
SEED = 20_240_601

RESPONDENT_GROUPS = ("Người dân", "Doanh nghiệp", "Cán bộ, công chức", "Đại biểu HĐND",
                     "Lãnh đạo")
GROUP_SHARES = (0.4, 0.25, 0.15, 0.1, 0.1)
GROUP_BIAS = (0.02, -0.03, 0.03, -0.02, 0.0)
GROUP_WEIGHTS = (0.4, 0.3, 0.1, 0.1, 0.1)
ANSWER_LABELS = ("A", "B", "C", "D")
ANSWER_CUTS = (0.73, 0.43, 0.22)  # latent ≥ cut → A, B, C; else D
ANSWER_SD, SKIP_RATE = 0.25, 0.05

#: Non-survey rule types, cycled over the leaves (14 long: 3 threshold, 3 choice, 3 yes/no,
#: 2 linear, 1 points, 1 per-item, 1 deduction).
KIND_CYCLE = ("threshold", "choice", "yes_no", "linear", "threshold", "points", "yes_no",
              "choice", "per_item", "deduction", "threshold", "linear", "yes_no", "choice")
CHOICE_LABELS = ("Đúng hạn", "Chậm", "Không thực hiện")

KAD_RATE = 0.003  # not applicable
BLANK_RATE = 0.0001  # no value (a warning per unit)
TEXT_NUMBER_RATE = 0.01  # "92,5" or "85%" typed as text
OVERCLAIM_RATE = 0.15  # self-assessed better than appraised
EVIDENCE_RATE = 0.7
NOTE_RATE = 0.01
ADJUSTMENT_RATE = 0.02

CREATED = dt.datetime(2025, 1, 15, 8, 0, 0)


@dataclass(frozen=True)
class Size:
    name: str
    files: int
    units: int
    respondents: int  # in all, over the files
    domains: int
    criteria: int  # per domain
    leaves: int  # per criterion
    survey_every: int  # every k-th leaf (from the first) is a survey leaf
    questions: int

    @property
    def n_leaves(self) -> int:
        return self.domains * self.criteria * self.leaves

    def leaf_max(self, j: int) -> float:
        """Maxima adding up to 100: 160 leaves → 40 of 1 point and 120 of 0.5; 180 leaves
        (a survey leaf every 9th) → the 20 survey leaves 1 point, the 160 others 0.5."""
        if self.n_leaves == 160:
            return 1.0 if j % 4 == 0 else 0.5
        if self.n_leaves == 180:
            return 1.0 if j % 9 == 0 else 0.5
        return 100 / self.n_leaves


SIZES = {
    "tiny": Size("tiny", 2, 6, 60, 2, 2, 5, 5, 5),
    "city": Size("city", 1, 52, 2_600, 8, 4, 5, 8, 20),
    "province": Size("province", 1, 700, 50_000, 8, 4, 5, 8, 20),
    "country": Size("country", 63, 10_600, 1_000_000, 8, 4, 5, 8, 20),
}
PUBLIC_SIZES = ("city", "province", "country")


@dataclass(frozen=True)
class LeafSpec:
    id: str
    title: str
    kind: str
    maximum: float
    questions: tuple[str, ...] = ()
    weighted: bool = False  # survey: weights per respondent group


def default_dir(size: str) -> Path:
    base = os.environ.get("PARCALC_BENCH_DATA")
    root = Path(base) if base else Path.home() / ".cache" / "parcalc-bench"
    return root / size


def question_ids(size: Size) -> list[str]:
    return [f"Q{k + 1:02d}" for k in range(size.questions)]


# --- the criteria set ---------------------------------------------------------------------------

def leaf_specs(size: Size) -> list[LeafSpec]:
    questions = question_ids(size)
    out: list[LeafSpec] = []
    j = survey_k = other_k = 0
    for d in range(1, size.domains + 1):
        for c in range(1, size.criteria + 1):
            for leaf in range(1, size.leaves + 1):
                lid = f"{d}.{c}.{leaf}"
                maximum = size.leaf_max(j)
                if j % size.survey_every == 0:
                    qs = (questions[survey_k % len(questions)],
                          questions[(survey_k + 1) % len(questions)])
                    out.append(LeafSpec(lid, f"Mức độ hài lòng {lid} (câu {', '.join(qs)})",
                                        "survey", maximum, qs, weighted=survey_k % 2 == 0))
                    survey_k += 1
                else:
                    kind = KIND_CYCLE[other_k % len(KIND_CYCLE)]
                    out.append(LeafSpec(lid, f"Tiêu chí thành phần {lid} ({kind})", kind,
                                        maximum))
                    other_k += 1
                j += 1
    return out


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _rule_yaml(leaf: LeafSpec) -> str:
    m = leaf.maximum
    if leaf.kind in ("points", "yes_no"):
        return leaf.kind
    if leaf.kind == "choice":
        opts = ", ".join(f'"{label}": {_num(p)}'
                         for label, p in zip(CHOICE_LABELS, (m, m / 2, 0), strict=True))
        return f"{{type: choice, options: {{{opts}}}}}"
    if leaf.kind == "threshold":
        return (f"{{type: threshold, steps: [{{min: 90, points: {_num(m)}}}, "
                f"{{min: 70, points: {_num(m / 2)}}}]}}")
    if leaf.kind == "linear":
        return "{type: linear, from: 50, to: 100}"
    if leaf.kind in ("per_item", "deduction"):
        return f"{{type: {leaf.kind}, points: {_num(m / 4)}}}"
    questions = ", ".join(leaf.questions)
    text = f"{{type: survey, questions: [{questions}], answers: abcd"
    if leaf.weighted:
        weights = ", ".join(f'"{g}": {_num(w)}'
                            for g, w in zip(RESPONDENT_GROUPS, GROUP_WEIGHTS, strict=True))
        text += f", groups: {{{weights}}}"
    return text + "}"


def criteria_yaml(size: Size) -> str:
    leaves = leaf_specs(size)
    by_parent: dict[tuple[str, str], list[LeafSpec]] = {}
    for leaf in leaves:
        d, c, _ = leaf.id.split(".")
        by_parent.setdefault((d, c), []).append(leaf)
    lines = [
        "# Benchmark criteria set written by bench/generate.py (fictitious, not an official text).",
        "parcalc: 1",
        f"id: bench-{size.name}",
        f'title: "Bộ tiêu chí đo hiệu năng ({size.name})"',
        "year: 2024",
        "precision: 2",
        "bands:",
        "  - {label: Tốt, min: 80}",
        "  - {label: Khá, min: 65}",
        "  - {label: Trung bình, min: 50}",
        "  - {label: Yếu, min: 0}",
        "answers:",
        "  abcd: {A: 1, B: 0.6, C: 0.2, D: 0}",
        "adjustments: {bonus_max: 3, penalty_max: 3}",
        "domains:",
    ]
    for d in range(1, size.domains + 1):
        lines += [f'  - id: "{d}"', f'    title: "Lĩnh vực {d}"', "    criteria:"]
        for c in range(1, size.criteria + 1):
            lines += [f'      - id: "{d}.{c}"', f'        title: "Tiêu chí {d}.{c}"',
                      "        criteria:"]
            for leaf in by_parent[(str(d), str(c))]:
                lines += [f'          - id: "{leaf.id}"', f'            title: "{leaf.title}"',
                          f"            max: {_num(leaf.maximum)}",
                          f"            rule: {_rule_yaml(leaf)}"]
    return "\n".join(lines) + "\n"


# --- the plan: units per file, respondents per unit ------------------------------------------

@dataclass(frozen=True)
class FilePlan:
    index: int
    path: str
    first_unit: int  # global position of the file's first unit
    n_units: int
    respondents: list[int]  # per unit of the file


def _largest_remainder(total: int, weights: np.ndarray) -> list[int]:
    raw = weights / weights.sum() * total
    out = np.floor(raw).astype(int)
    for k in np.argsort(-(raw - out), kind="stable")[: total - int(out.sum())]:
        out[k] += 1
    return [int(x) for x in out]


def plan(size: Size, out: Path) -> list[FilePlan]:
    rng = np.random.default_rng([SEED, zlib.crc32(size.name.encode()), 0])
    per_file = [size.units] if size.files == 1 else _largest_remainder(
        size.units, rng.uniform(0.4, 1.6, size.files))
    respondents = rng.multinomial(size.respondents, _normalised(rng.uniform(0.7, 1.3,
                                                                            size.units)))
    plans = []
    first = 0
    for k, n in enumerate(per_file):
        name = f"{size.name}.xlsx" if size.files == 1 else f"tinh-{k + 1:02d}.xlsx"
        plans.append(FilePlan(k, str(out / name), first, n,
                              [int(x) for x in respondents[first:first + n]]))
        first += n
    return plans


def _normalised(w: np.ndarray) -> np.ndarray:
    return w / w.sum()


# --- one workbook -------------------------------------------------------------------------------

def _groups_and_names(size: Size, first: int, n: int,
                      rng: np.random.Generator) -> tuple[list[str], list[str]]:
    if size.name == "city":
        groups = ["Sở, ngành" if first + i < 22 else "Quận, huyện" for i in range(n)]
        names = [f"Sở {first + i + 1:02d}" if g == "Sở, ngành" else f"Quận {first + i - 21:02d}"
                 for i, g in enumerate(groups)]
        return groups, names
    kinds = np.array(["Xã", "Phường", "Thị trấn"], dtype=object)
    groups = kinds[rng.choice(3, size=n, p=[0.72, 0.22, 0.06])].tolist()
    return groups, [f"{g} số {first + i + 1}" for i, g in enumerate(groups)]


def _leaf_values(leaf: LeafSpec, quality: np.ndarray,
                 rng: np.random.Generator) -> tuple[list[Any], list[Any]]:
    """The appraised and self-assessed cells of one leaf for every unit of a file."""
    n = len(quality)
    m = leaf.maximum
    level = np.clip(quality + rng.normal(0.0, 0.15, n) + rng.uniform(-0.08, 0.04), 0.0, 1.0)
    better = rng.random(n) < OVERCLAIM_RATE
    value: list[Any]
    claim: list[Any]
    if leaf.kind == "points":
        pts = np.round(level * m / 0.25) * 0.25
        value = pts.tolist()
        claim = np.where(better, m, pts).tolist()
    elif leaf.kind == "yes_no":
        yes = rng.random(n) < level
        words = np.where(yes, "Có", "Không").astype(object)
        odd = rng.random(n)
        words[yes & (odd < 0.03)] = "x"
        words[yes & (odd > 0.98)] = 1
        words[~yes & (odd < 0.03)] = 0
        value = words.tolist()
        claim = np.where(better, "Có", words).tolist()
    elif leaf.kind == "choice":
        labels = np.array(CHOICE_LABELS, dtype=object)
        pick = labels[np.where(level >= 0.7, 0, np.where(level >= 0.4, 1, 2))]
        value = pick.tolist()
        claim = np.where(better, labels[0], pick).tolist()
    elif leaf.kind in ("threshold", "linear"):
        pct = np.round(np.clip(100 * level + rng.normal(0.0, 3.0, n), 0, 100), 1)
        value = [int(x) if x.is_integer() else x for x in pct.tolist()]
        for i in np.flatnonzero(rng.random(n) < TEXT_NUMBER_RATE):
            x = value[i]
            value[i] = f"{x}%" if rng.random() < 0.5 else str(x).replace(".", ",")
        up = np.minimum(100.0, pct + 10).tolist()
        claim = [up[i] if better[i] else value[i] for i in range(n)]
    elif leaf.kind == "per_item":
        count = np.floor(level * 5).astype(int)
        value = count.tolist()
        claim = np.where(better, count + 2, count).tolist()
    else:  # deduction
        count = rng.poisson((1 - level) * 2)
        value = count.tolist()
        claim = np.where(better, np.maximum(count - 1, 0), count).tolist()
    for i in np.flatnonzero(rng.random(n) < KAD_RATE):
        value[i] = claim[i] = "KAD"
    for i in np.flatnonzero(rng.random(n) < BLANK_RATE):
        value[i] = claim[i] = None
    return value, claim


def _survey_rows(size: Size, quality: np.ndarray, counts: list[int],
                 rng: np.random.Generator) -> tuple[np.ndarray, list[str], list[list[Any]]]:
    """(unit position per respondent, group per respondent, answers per respondent)."""
    nq = size.questions
    unit = np.repeat(np.arange(len(counts)), counts)
    r = len(unit)
    group = rng.choice(len(RESPONDENT_GROUPS), size=r, p=GROUP_SHARES)
    q_offset = np.random.default_rng([SEED, 7]).uniform(-0.06, 0.04, nq)  # same in every file
    latent = (quality[unit] + 0.03 + np.array(GROUP_BIAS)[group])[:, None] + q_offset[None, :]
    latent = latent + rng.normal(0.0, ANSWER_SD, (r, nq))
    code = np.full((r, nq), 3)
    for k, cut in reversed(list(enumerate(ANSWER_CUTS))):
        code[latent >= cut] = k
    code[rng.random((r, nq)) < SKIP_RATE] = 4
    labels = np.array([*ANSWER_LABELS, None], dtype=object)
    groups = np.array(RESPONDENT_GROUPS, dtype=object)[group].tolist()
    return unit, groups, labels[code].tolist()


def write_file(size_name: str, fp: FilePlan) -> str:
    """Write one workbook; returns its path."""
    write_file_to(SIZES[size_name], fp, fp.path)
    return fp.path


def write_file_to(size: Size, fp: FilePlan, target: Any) -> None:
    """Write the workbook of ``fp`` to ``target`` (a path or a binary stream)."""
    import xlsxwriter

    rng = np.random.default_rng([SEED, zlib.crc32(size.name.encode()), fp.index + 1])
    n = fp.n_units
    uids = [f"{fp.first_unit + i + 1:05d}" for i in range(n)]
    groups, names = _groups_and_names(size, fp.first_unit, n, rng)
    quality = rng.beta(6.0, 2.0, n)
    leaves = leaf_specs(size)
    value_leaves = [lf for lf in leaves if lf.kind != "survey"]
    columns = [_leaf_values(lf, quality, rng) for lf in value_leaves]
    evidence_day = rng.integers(1, 365, (len(value_leaves), n))
    has_evidence = rng.random((len(value_leaves), n)) < EVIDENCE_RATE
    has_note = rng.random((len(value_leaves), n)) < NOTE_RATE

    book = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": f"PAR benchmark {size.name} {fp.index + 1}",
                         "author": "parcalc bench/generate.py", "created": CREATED})

    ws = book.add_worksheet("units")
    ws.write_row(0, 0, ["unit_id", "name", "group"])
    for i in range(n):
        ws.write_string(i + 1, 0, uids[i])
        ws.write_string(i + 1, 1, names[i])
        ws.write_string(i + 1, 2, groups[i])

    ws = book.add_worksheet("scores")
    ws.write_row(0, 0, ["unit_id", "criterion_id", "self_value", "value", "evidence", "note"])
    text, number = ws.write_string, ws.write_number
    row = 1
    for i in range(n):
        uid = uids[i]
        for j, leaf in enumerate(value_leaves):
            value, claim = columns[j]
            text(row, 0, uid)
            text(row, 1, leaf.id)
            for col, cell in ((2, claim[i]), (3, value[i])):
                if cell is None:
                    continue
                if type(cell) is str:
                    text(row, col, cell)
                else:
                    number(row, col, cell)
            if has_evidence[j, i]:
                text(row, 4, f"Báo cáo số {evidence_day[j, i]}/BC-UBND ngày "
                             f"{evidence_day[j, i] % 28 + 1:02d}/{j % 12 + 1:02d}/2024")
            if has_note[j, i]:
                text(row, 5, "Thiếu tài liệu kiểm chứng")
            row += 1

    unit, rgroups, answers = _survey_rows(size, quality, fp.respondents, rng)
    ws = book.add_worksheet("survey")
    ws.write_row(0, 0, ["unit_id", "respondent_group", *question_ids(size)])
    text = ws.write_string
    for r in range(len(unit)):
        text(r + 1, 0, uids[unit[r]])
        text(r + 1, 1, rgroups[r])
        for q, a in enumerate(answers[r], start=2):
            if a is not None:
                text(r + 1, q, a)

    ws = book.add_worksheet("adjustments")
    ws.write_row(0, 0, ["unit_id", "kind", "points", "reason"])
    row = 1
    for i in np.flatnonzero(rng.random(n) < ADJUSTMENT_RATE):
        bonus = rng.random() < 0.6
        ws.write_string(row, 0, uids[i])
        ws.write_string(row, 1, "thưởng" if bonus else "trừ")
        ws.write_number(row, 2, float(rng.choice([0.5, 1.0, 1.5])))
        ws.write_string(row, 3, "Sáng kiến CCHC" if bonus else "Chậm báo cáo")
        row += 1

    ws = book.add_worksheet("settings")
    for r, (key, value) in enumerate([("key", "value"), ("criteria", "criteria.yaml"),
                                      ("year", 2024), ("title", f"PAR benchmark {size.name}")]):
        ws.write(r, 0, key)
        ws.write(r, 1, value)
    book.close()


# --- the folder, with its cache -----------------------------------------------------------------

def params(size: Size) -> dict[str, Any]:
    return {"generator": GENERATOR_VERSION, "seed": SEED, **asdict(size)}


def _cached(out: Path, expected: dict[str, Any]) -> dict[str, Any] | None:
    path = out / "manifest.json"
    if not path.exists():
        return None
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("params") != expected:
        return None
    files = [Path(f) for f in manifest.get("files", [])]
    sizes = manifest.get("bytes", [])
    if len(files) != len(sizes) or not (out / "criteria.yaml").exists():
        return None
    if any(not (out / f).exists() or (out / f).stat().st_size != b
           for f, b in zip(files, sizes, strict=True)):
        return None
    return manifest


def names() -> list[str]:
    """Every size and shape (``shapes.py``) that :func:`generate` writes."""
    from bench import shapes

    return [*SIZES, *shapes.SHAPES]


def generate(size_name: str, out: Path | None = None, *, force: bool = False,
             workers: int | None = None) -> dict[str, Any]:
    """Write (or find in the cache) the data of one size or shape. Returns the manifest,
    with ``dir``, ``files`` and ``criteria`` as absolute paths and ``cached`` set."""
    from bench import shapes

    if size_name in shapes.SHAPES:
        shape = shapes.SHAPES[size_name]
        size, expected, writer = shape.size, shapes.params(shape), shapes.write_shape_file
    else:
        size, expected, writer = SIZES[size_name], params(SIZES[size_name]), write_file
    out = (out or default_dir(size_name)).resolve()
    manifest = None if force else _cached(out, expected)
    cached = manifest is not None
    if manifest is None:
        out.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        (out / "criteria.yaml").write_text(criteria_yaml(size), encoding="utf-8")
        plans = plan(size, out)
        workers = workers or min(len(plans), os.cpu_count() or 1)
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                list(pool.map(writer, [size_name] * len(plans), plans))
        else:
            for fp in plans:
                writer(size_name, fp)
        seconds = time.perf_counter() - start
        names = [Path(fp.path).name for fp in plans]
        manifest = {
            "params": expected,
            "files": names,
            "bytes": [(out / f).stat().st_size for f in names],
            "units": size.units,
            "leaves": size.n_leaves,
            "value_rows": size.units * sum(1 for lf in leaf_specs(size) if lf.kind != "survey"),
            "respondents": size.respondents,
            "questions": size.questions,
            "generation_seconds": round(seconds, 3),
            "workers": workers,
            "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n",
                                           encoding="utf-8")
    return {**manifest, "cached": cached, "dir": str(out),
            "criteria": str(out / "criteria.yaml"),
            "files": [str(out / f) for f in manifest["files"]]}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", required=True, choices=names(),
                        metavar="{city,province,country,long-sst,matrix,per-unit,survey-large}")
    parser.add_argument("--out", type=Path, help="folder (default: ~/.cache/parcalc-bench/SIZE)")
    parser.add_argument("--force", action="store_true", help="write even if cached")
    parser.add_argument("--workers", type=int, help="processes (default: one per core)")
    args = parser.parse_args(argv)
    manifest = generate(args.size, args.out, force=args.force, workers=args.workers)
    total = sum(manifest["bytes"]) / 2**20
    how = "cached" if manifest["cached"] else f"written in {manifest['generation_seconds']:.1f} s"
    print(f"{args.size}: {len(manifest['files'])} file(s), {total:.1f} MiB in {manifest['dir']} "
          f"({how})")


if __name__ == "__main__":
    main()
