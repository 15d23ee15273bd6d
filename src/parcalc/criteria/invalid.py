"""What pydantic's validation errors of a criteria file mean, in parcalc's words.

pydantic says what is wrong in English and at a path of its own (``domains.0.rule.threshold``);
here each error becomes a :class:`~parcalc.errors.Problem` at the line of the YAML value, with
a catalogue message: an unknown key with the closest allowed one, an unknown rule type with the
closest type, a number or a boolean where text was meant, a bound or type not met.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from parcalc.criteria.model import Adjustments, Band, CriteriaSet, Node
from parcalc.criteria.yamlload import LoadedYaml
from parcalc.errors import Problem
from parcalc.i18n import Msg, msg
from parcalc.rulebase import RULES, fmt
from parcalc.rules import Step
from parcalc.suggest import close

#: pydantic error types said in the catalogue (``criteria.schema.<type>``), with the error's
#: context as parameters; any other type keeps pydantic's English text.
SAID_KINDS = frozenset({
    "greater_than", "greater_than_equal", "less_than", "less_than_equal", "finite_number",
    "float_type", "float_parsing", "int_type", "int_parsing", "int_parsing_size",
    "int_from_float", "string_type", "string_too_short", "too_short", "dict_type", "list_type",
    "model_type", "model_attributes_type", "literal_error",
})

#: Where a custom error's type is a catalogue key (model validators raise these).
_OWN_KEYS = ("criteria.", "rules.")


def schema_problem(loaded: LoadedYaml, err: Any) -> Problem:
    """One pydantic error (an item of ``ValidationError.errors()``) as a problem."""
    kind = err["type"]
    path = data_path(loaded.data, err["loc"])
    value = err.get("input")
    if kind == "extra_forbidden":
        return Problem(_unknown_key(loaded.data, path), loaded.location(path, key=True))
    if kind == "missing":
        return Problem(msg("criteria.missing_key", key=err["loc"][-1]), loaded.location(path))
    quoted = _needs_quotes(loaded, path, kind, value)
    if quoted is not None:
        return Problem(quoted, loaded.location(path))
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = str(err.get("ctx", {}).get("tag", value))
        return Problem(_unknown_rule(tag), loaded.location((*path, "type")))
    if kind == "literal_error" and path == ("parcalc",):
        return Problem(msg("criteria.bad_version", value=value), loaded.location(path))
    if kind == "string_pattern_mismatch" and path == ("id",):
        return Problem(msg("criteria.not_a_slug", value=value), loaded.location(path))
    where = ".".join(str(p) for p in path) or "file"
    found: Msg | str = "" if isinstance(value, (dict, list)) else msg("criteria.found",
                                                                        value=value)
    return Problem(msg("criteria.invalid", where=where, error=_error(kind, err), found=found),
                   loaded.location(path))


def _error(kind: str, err: Any) -> Msg | str:
    """What is wrong with a value, from the catalogue where the error type is known."""
    ctx = {k: fmt(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
           for k, v in (err.get("ctx") or {}).items()}  # a bound of 0.0 shown as 0
    if kind.startswith(_OWN_KEYS):
        return msg(kind, **ctx)
    if kind not in SAID_KINDS:
        return str(err["msg"])
    if kind in ("too_short", "string_too_short"):  # n chooses the plural form: a number
        raw = err.get("ctx") or {}
        return msg(f"criteria.schema.{kind}", n=raw.get("min_length", 1),
                   actual=raw.get("actual_length", 0))
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        return msg("criteria.schema.literal_error",
                   options=", ".join(re.findall(r"'[^']*'", expected)) or expected)
    return msg(f"criteria.schema.{kind}", **ctx)


def _needs_quotes(loaded: LoadedYaml, path: tuple[str | int, ...], kind: str,
                  value: Any) -> Msg | None:
    """A number or a boolean (YAML's true/false) where text was meant: quote it."""
    if not path or not isinstance(path[-1], str) or not isinstance(value, (bool, int, float)):
        return None
    if kind != "string_type" and not (path[-1] == "id" and kind == "criteria.id_not_text"):
        return None
    key, raw = path[-1], loaded.raw.get(path, str(value))
    if isinstance(value, bool):
        return msg("criteria.read_as_boolean", key=key, raw=raw)
    return msg("criteria.read_as_number", key=key, raw=raw)


def _unknown_key(data: Any, path: tuple[str | int, ...]) -> Msg:
    key = str(path[-1]) if path else "?"
    model = model_at(data, path[:-1])
    if model is None:
        return msg("criteria.unknown_key_anywhere", key=key)
    names = allowed_keys(model)
    allowed = ", ".join(names)
    near = close(key, names, limit=1)
    if near:
        return msg("criteria.unknown_key_near", key=key, name=near[0], allowed=allowed)
    return msg("criteria.unknown_key", key=key, allowed=allowed)


def _unknown_rule(tag: str) -> Msg:
    types = ", ".join(RULES)
    near = close(tag, RULES, limit=1)
    if near:
        return msg("criteria.unknown_rule_near", type=tag, name=near[0], types=types)
    return msg("criteria.unknown_rule", type=tag, types=types)


def data_path(data: Any, loc: Iterable[str | int]) -> tuple[str | int, ...]:
    """Drop the parts of a pydantic error location that are not in the data (union tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_list or (isinstance(node, dict) and part in node):
            node = node[part]
            path.append(part)
    return tuple(path)


def model_at(data: Any, path: tuple[str | int, ...]) -> type[BaseModel] | None:
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


def allowed_keys(model: type[BaseModel]) -> list[str]:
    """The YAML keys of a mapping described by ``model``, in the model's order."""
    return [f.alias or n for n, f in model.model_fields.items()]
