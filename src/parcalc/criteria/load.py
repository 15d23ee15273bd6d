"""Load and check criteria files: YAML → typed :class:`CriteriaSet`, every problem with its line."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from parcalc.criteria.model import Band, CriteriaSet, Node
from parcalc.errors import CriteriaError, Location, Problem, UsageError, errors_only
from parcalc.i18n import Msg, msg
from parcalc.rules import scale_problems
from parcalc.text import fold

if TYPE_CHECKING:
    from parcalc.criteria.yamlload import LoadedYaml

#: Criteria files are small; a larger file is surely not one.
MAX_BYTES = 10 * 1024 * 1024

def load_criteria(path: str | Path) -> CriteriaSet:
    """Load a criteria file; raise :class:`CriteriaError` with every problem found. A file
    loaded before (the same bytes) comes from :mod:`parcalc.criteria.cache`."""
    from parcalc.criteria import cache

    path = Path(path)
    data = _read(path)
    criteria = cache.cached(data) if isinstance(data, bytes) else None
    if criteria is None:
        criteria, problems = _check(path, data)
        errors = errors_only(problems)
        if errors or criteria is None:
            raise CriteriaError(errors)
        assert isinstance(data, bytes)  # a file that could not be read has problems
        cache.store(data, criteria)  # _check named its source
    else:
        criteria._source = str(path)  # the same bytes may have been kept from another path
    return criteria


def check_criteria(path: str | Path) -> tuple[CriteriaSet | None, list[Problem]]:
    """Every problem in a criteria file (errors and warnings), and the set if it loads."""
    path = Path(path)
    return _check(path, _read(path))


def _read(path: Path) -> bytes | Problem:
    """The file's bytes, or the problem that stops it being read as criteria (a file too
    large); a missing or unreadable file is a usage error."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return Problem(msg("criteria.too_big", mib=MAX_BYTES // 2**20), Location(name, 1, 1))
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(msg("criteria.no_such_file", path=name)) from None
    except IsADirectoryError:
        raise UsageError(msg("criteria.is_folder", path=name)) from None
    except OSError as exc:
        raise UsageError(msg("criteria.cannot_read", path=name, reason=exc.strerror)) from None


def _check(path: Path, data: bytes | Problem) -> tuple[CriteriaSet | None, list[Problem]]:
    name = str(path)
    if isinstance(data, Problem):
        return None, [data]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(msg("criteria.not_utf8", byte=exc.start), Location(name, 1, 1))]
    criteria, problems = check_text(text, name)
    if criteria is not None:
        criteria._source = name
    return criteria, problems


def check_text(text: str, file: str) -> tuple[CriteriaSet | None, list[Problem]]:
    from parcalc.criteria.yamlload import load_yaml_text  # ruamel.yaml: not for a cached set

    loaded = load_yaml_text(text, file)
    problems = list(loaded.problems)
    if loaded.data is None:
        return None, problems
    if not isinstance(loaded.data, dict):
        problems.append(Problem(msg("criteria.not_a_mapping"), loaded.location(())))
        return None, problems
    if "parcalc" not in loaded.data:
        problems.append(Problem(msg("criteria.no_version"), loaded.location(())))
        return None, problems
    try:
        criteria = CriteriaSet.model_validate(loaded.data)
    except ValidationError as exc:
        from parcalc.criteria.invalid import schema_problem

        problems += [schema_problem(loaded, err) for err in exc.errors()]
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
                    problems.append(Problem(msg("criteria.duplicate_id", id=node_id,
                                                first=first), loaded.location((*here, "id"))))
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
        problems += [Problem(said, loaded.location(("answers", *where)))
                     for where, said in scale_problems(scale, (name,))]

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
        problems.append(Problem(msg("criteria.total_not_100", total=_show(total)),
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
        out.append(Problem(msg("criteria.criteria_and_rule", id=node.id),
                           loaded.location((*here, "rule"))))
    if node.criteria is None:
        if node.max is None:
            out.append(Problem(msg("criteria.leaf_without_max", id=node.id),
                               loaded.location((*here, "id"))))
            return out
        for where, said in node.leaf_rule.problems(float(node.max)):
            out.append(Problem(msg("criteria.in_node", id=node.id, problem=said),
                               loaded.location((*here, "rule", *where))))
        for where, name in node.leaf_rule.scale_names():
            if name not in answers:
                known: Msg | str = ", ".join(answers) or msg("criteria.none_defined")
                out.append(Problem(msg("criteria.undefined_scale", id=node.id, name=name,
                                       known=known),
                                   loaded.location((*here, "rule", *where))))
    elif node.max is not None:
        children = sum((c.exact_maximum for c in node.criteria), Decimal(0))
        if _dec(node.max) != _dec(children):
            out.append(Problem(msg("criteria.max_not_sum", max=_show(node.max), id=node.id,
                                   sum=_show(children)), loaded.location((*here, "max"))))
    return out


def _band_problems(bands: list[Band], loaded: LoadedYaml) -> list[Problem]:
    out: list[Problem] = []
    labels: set[str] = set()
    for i, band in enumerate(bands):
        if i and band.min >= bands[i - 1].min:
            out.append(Problem(msg("criteria.band_never_matches", label=band.label,
                                   min=band.min), loaded.location(("bands", i, "min"))))
        if fold(band.label) in labels:
            out.append(Problem(msg("criteria.band_label_twice", label=band.label),
                               loaded.location(("bands", i, "label"))))
        labels.add(fold(band.label))
    return out
