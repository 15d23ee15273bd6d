"""Load and check criteria files: YAML → typed :class:`CriteriaSet`, every problem with its line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from parcalc.criteria.model import Adjustments, Band, CriteriaSet, Node
from parcalc.criteria.yamlload import LoadedYaml, load_yaml_text
from parcalc.errors import CriteriaError, Problem, UsageError, errors_only
from parcalc.rulebase import RULES
from parcalc.rules import Step, scale_problems
from parcalc.text import fold

#: Criteria files are small; a larger file is surely not one.
MAX_BYTES = 10 * 1024 * 1024

def load_criteria(path: str | Path) -> CriteriaSet:
    """Load a criteria file; raise :class:`CriteriaError` with every problem found."""
    criteria, problems = check_criteria(path)
    errors = errors_only(problems)
    if errors or criteria is None:
        raise CriteriaError(errors)
    return criteria


def check_criteria(path: str | Path) -> tuple[CriteriaSet | None, list[Problem]]:
    """Every problem in a criteria file (errors and warnings), and the set if it loads."""
    path = Path(path)
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [Problem(f"the file is over {MAX_BYTES // 2**20} MiB; "
                                  "is it really a criteria file?", _loc0(name))]
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{name}: no such criteria file; check the path") from None
    except IsADirectoryError:
        raise UsageError(f"{name}: is a folder; name a criteria .yaml file") from None
    except UnicodeDecodeError as exc:
        return None, [Problem(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8",
                              _loc0(name))]
    except OSError as exc:
        raise UsageError(f"{name}: cannot read: {exc.strerror}") from None
    criteria, problems = check_text(text, name)
    if criteria is not None:
        criteria._source = name
    return criteria, problems


def check_text(text: str, file: str) -> tuple[CriteriaSet | None, list[Problem]]:
    loaded = load_yaml_text(text, file)
    problems = list(loaded.problems)
    if loaded.data is None:
        return None, problems
    if not isinstance(loaded.data, dict):
        problems.append(Problem("a criteria file is a mapping that starts with `parcalc: 1`",
                                loaded.location(())))
        return None, problems
    if "parcalc" not in loaded.data:
        problems.append(Problem("missing `parcalc: 1` (the format version); add it as the "
                                "first line", loaded.location(())))
        return None, problems
    try:
        criteria = CriteriaSet.model_validate(loaded.data)
    except ValidationError as exc:
        problems += [_schema_problem(loaded, err) for err in exc.errors()]
        problems += _consistency(_Parts.salvage(loaded.data), loaded)
        return None, _sorted(problems)
    problems += _consistency(_Parts.of(criteria), loaded)
    return criteria, _sorted(problems)


@dataclass
class _Parts:
    """What the consistency checks look at; after a schema error, the parts that validate."""

    domains: list[tuple[int, Node]]
    bands: list[Band]
    answers: dict[str, dict[str, float]]
    complete: bool

    @classmethod
    def of(cls, criteria: CriteriaSet) -> _Parts:
        return cls(list(enumerate(criteria.domains)), criteria.bands or [],
                   criteria.answers or {}, True)

    @classmethod
    def salvage(cls, data: dict[str, Any]) -> _Parts:
        """Validate the pieces one by one so that their problems show with the schema's."""
        domains = []
        raw_domains = data.get("domains")
        for i, raw in enumerate(raw_domains if isinstance(raw_domains, list) else []):
            try:
                domains.append((i, Node.model_validate(raw)))
            except ValidationError:
                continue
        try:
            bands = [Band.model_validate(b) for b in data.get("bands") or []]
        except (ValidationError, TypeError):
            bands = []
        answers = data.get("answers")
        valid_answers = answers if isinstance(answers, dict) and all(
            isinstance(s, dict) and all(isinstance(f, (int, float)) for f in s.values())
            for s in answers.values()) else {}
        return cls(domains, bands, valid_answers, False)


def _sorted(problems: list[Problem]) -> list[Problem]:
    def key(p: Problem) -> tuple[int, int]:
        loc = p.location
        return (loc.line or 0, loc.column or 0) if loc else (0, 0)

    return sorted(problems, key=key)


def _loc0(file: str) -> Any:
    from parcalc.errors import Location

    return Location(file, 1, 1)


# --- schema errors from pydantic ------------------------------------------------------------

def _data_path(data: Any, loc: Iterable[str | int]) -> tuple[str | int, ...]:
    """Drop the parts of a pydantic error location that are not in the data (union tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_list or (isinstance(node, dict) and part in node):
            node = node[part]
            path.append(part)
    return tuple(path)


def _model_at(data: Any, path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """Which model describes the mapping at ``path``, for listing its allowed keys."""
    if not path:
        return CriteriaSet
    last = path[-1]
    parent = path[-2] if len(path) > 1 else None
    if isinstance(last, int) and parent in ("domains", "criteria"):
        return Node
    if isinstance(last, int) and parent == "bands":
        return Band
    if isinstance(last, int) and parent == "steps":
        return Step
    if last == "adjustments" and len(path) == 1:
        return Adjustments
    if last == "rule":
        node = data
        for part in path:
            node = node[part]
        kind = node.get("type") if isinstance(node, dict) else None
        return RULES.get(str(kind)) if kind is not None else None
    return None


def _allowed_keys(model: type[BaseModel]) -> str:
    names = [f.alias or n for n, f in model.model_fields.items()]
    return ", ".join(names)


def _schema_problem(loaded: LoadedYaml, err: Any) -> Problem:
    kind = err["type"]
    path = _data_path(loaded.data, err["loc"])
    value = err.get("input")
    if kind == "extra_forbidden":
        key = path[-1] if path else "?"
        model = _model_at(loaded.data, path[:-1])
        allowed = f"; allowed here: {_allowed_keys(model)}" if model else ""
        return Problem(f"unknown key {key!r}{allowed}", loaded.location(path, key=True))
    if kind == "missing":
        missing = err["loc"][-1]
        return Problem(f"missing key {missing!r}; add `{missing}: …` here",
                       loaded.location(path))
    if path and path[-1] == "id" and isinstance(value, (int, float)):
        raw = loaded.raw.get(path, str(value))
        return Problem(f"id {raw} is read as a number; quote it: id: \"{raw}\"",
                       loaded.location(path))
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return Problem(f"unknown rule type {str(err.get('ctx', {}).get('tag', value))!r}; "
                       f"use one of: {', '.join(RULES)}",
                       loaded.location((*path, "type")))
    if kind == "literal_error" and path == ("parcalc",):
        return Problem(f"format version {value!r} is not supported; write `parcalc: 1`",
                       loaded.location(path))
    if kind == "string_pattern_mismatch" and path == ("id",):
        return Problem(f"id {value!r} is not a slug; use lowercase letters, digits, '-', "
                       "'.' or '_' (e.g. hanoi-departments-2021)", loaded.location(path))
    where = ".".join(str(p) for p in path) or "file"
    msg = err["msg"].replace("Value error, ", "")
    shown = f" (found {value!r})" if not isinstance(value, (dict, list)) else ""
    return Problem(f"{where}: {msg}{shown}", loaded.location(path))


def _duplicate_ids(loaded: LoadedYaml) -> list[Problem]:
    """Duplicate ids, found in the raw data so they show even when the schema fails."""
    problems: list[Problem] = []
    seen: dict[str, tuple[int, ...] | Any] = {}

    def visit(nodes: Any, path: tuple[str | int, ...]) -> None:
        if not isinstance(nodes, list):
            return
        for i, node in enumerate(nodes):
            if not isinstance(node, dict):
                continue
            here = (*path, i)
            node_id = node.get("id")
            if isinstance(node_id, str):
                key = fold(node_id)
                if key in seen:
                    first = loaded.location(seen[key]).line
                    problems.append(Problem(
                        f"duplicate id {node_id!r} (first at line {first}); ids must be unique",
                        loaded.location((*here, "id"))))
                else:
                    seen[key] = (*here, "id")
            visit(node.get("criteria"), (*here, "criteria"))

    visit(loaded.data.get("domains") if isinstance(loaded.data, dict) else None, ("domains",))
    return problems


# --- consistency of a valid set ---------------------------------------------------------------

def _consistency(parts: _Parts, loaded: LoadedYaml) -> list[Problem]:
    problems = _duplicate_ids(loaded)
    problems += _band_problems(parts.bands, loaded)
    for name, scale in parts.answers.items():
        problems += [Problem(msg, loaded.location(("answers", *where)))
                     for where, msg in scale_problems(scale, (name,))]

    def visit(nodes: list[Node], path: tuple[str | int, ...]) -> None:
        for i, node in enumerate(nodes):
            here = (*path, i)
            problems.extend(_node_problems(parts.answers, node, here, loaded))
            if node.criteria:
                visit(node.criteria, (*here, "criteria"))

    for i, domain in parts.domains:
        problems.extend(_node_problems(parts.answers, domain, ("domains", i), loaded))
        if domain.criteria:
            visit(domain.criteria, ("domains", i, "criteria"))
    total = sum((d.exact_maximum for _, d in parts.domains), Decimal(0))
    if parts.complete and total != 100:
        problems.append(Problem(f"the domains' maxima add up to {_show(total)}, not 100",
                                loaded.location(("domains",), key=True), "warning"))
    return problems


def _dec(x: float | Decimal) -> Decimal:
    return Decimal(str(x)) if not isinstance(x, Decimal) else x


def _show(x: float | Decimal) -> str:
    return format(_dec(x).normalize(), "f")


def _node_problems(answers: dict[str, dict[str, float]], node: Node,
                   here: tuple[str | int, ...], loaded: LoadedYaml) -> list[Problem]:
    out: list[Problem] = []
    if node.criteria is not None and node.rule is not None:
        out.append(Problem(f"{node.id!r} has both criteria and a rule; a node is either "
                           "inner (criteria) or a leaf (rule)", loaded.location((*here, "rule"))))
    if node.criteria is None:
        if node.max is None:
            out.append(Problem(f"leaf {node.id!r} has no max; add `max: …`",
                               loaded.location((*here, "id"))))
            return out
        for where, msg in node.leaf_rule.problems(float(node.max)):
            out.append(Problem(f"{node.id!r}: {msg}", loaded.location((*here, "rule", *where))))
        for where, name in node.leaf_rule.scale_names():
            if name not in answers:
                known = ", ".join(answers) or "none defined"
                out.append(Problem(f"{node.id!r}: answer scale {name!r} is not defined; "
                                   f"add it under `answers:` at the top (defined: {known})",
                                   loaded.location((*here, "rule", *where))))
    elif node.max is not None:
        children = sum((c.exact_maximum for c in node.criteria), Decimal(0))
        if _dec(node.max) != _dec(children):
            out.append(Problem(f"max {_show(node.max)} of {node.id!r} differs from the sum of its "
                               f"criteria, {_show(children)}; fix max or the criteria's maxima",
                               loaded.location((*here, "max"))))
    return out


def _band_problems(bands: list[Band], loaded: LoadedYaml) -> list[Problem]:
    out: list[Problem] = []
    labels: set[str] = set()
    for i, band in enumerate(bands):
        if i and band.min >= bands[i - 1].min:
            out.append(Problem(f"band {band.label!r} (min {band.min:g}) can never match: list "
                               "bands from the highest min down",
                               loaded.location(("bands", i, "min"))))
        if fold(band.label) in labels:
            out.append(Problem(f"band label {band.label!r} is used twice",
                               loaded.location(("bands", i, "label"))))
        labels.add(fold(band.label))
    return out
