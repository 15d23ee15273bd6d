"""The imported tree as a criteria YAML file, with comments that say where each part came from.

Written as text (not through a YAML library) so that the comments sit where an analyst
looks: a header naming the source file and sheet or table, each node's printed number and
cell beside its id, each inferred rule's guide cells above it, and the table's number above
an inner max left out because it differs from the sum of its criteria. Strings are always
double-quoted (ids too: ``"1.10"`` stays text); every character YAML cannot hold as is is
escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parcalc.annex.guide import show
from parcalc.annex.tree import Item, Tree
from parcalc.i18n import text

INDENT = "  "
#: Flow mappings longer than this are written as blocks.
FLOW_WIDTH = 88


@dataclass(frozen=True)
class Meta:
    """The set's own keys: ``id``, ``title``, ``year``."""

    id: str
    title: str
    year: int | None = None


def _escaped(ch: str) -> bool:
    """Whether YAML cannot hold ``ch`` as is (control and other non-printable characters)."""
    code = ord(ch)
    return (code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF)
            or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF))


def quote(value: str) -> str:
    """A YAML double-quoted scalar holding ``value`` exactly."""
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _escaped(ch):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, (int, float)):
        return decimal_text(Decimal(repr(value)))
    if value is None:
        return "null"
    return quote(str(value))


decimal_text = show


def flow(value: Any, keys: bool = False) -> str:
    """A value in flow style: ``{min: 80, points: 1}``, ``["Q01", "Q02"]``. ``keys``: the
    mapping's keys are the format's own (written plain); else they are data (quoted)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k, keys)}: {_value(k, v, keys)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v, keys) for v in value) + "]"
    return scalar(value)


#: Rule keys whose values are mappings with the format's own keys (steps); the values of
#: ``options``, ``groups`` and ``answers`` are keyed by data.
_KEYED = frozenset({"steps"})


def _key(key: Any, plain: bool) -> str:
    return str(key) if plain else scalar(key)


def _value(key: Any, value: Any, keys: bool) -> str:
    """A rule's ``type`` is written plain (``type: choice``); steps keep plain keys."""
    if keys and key == "type" and isinstance(value, str) and value.isidentifier():
        return value
    return flow(value, keys and key in _KEYED)


def comment(line: str) -> str:
    return "# " + " ".join(line.split())


def write_yaml(tree: Tree, meta: Meta) -> str:
    """The criteria file's text."""
    out = [comment(text("annex.yaml_source", source=tree.grid.describe(),
                        row=tree.columns.header_first + 1)),
           comment(text("annex.yaml_how")), "parcalc: 1", f"id: {quote(meta.id)}",
           f"title: {quote(meta.title)}"]
    if meta.year is not None:
        out.append(f"year: {meta.year}")
    if tree.scales:
        out.append("answers:")
        out += [f"{INDENT}{quote(name)}: {flow(scale)}" for name, scale in tree.scales.items()]
    out.append("domains:")
    for root in tree.roots:
        _node(tree, root, INDENT, out)
    return "\n".join(out) + "\n"


def _node(tree: Tree, index: int, pad: str, out: list[str]) -> None:
    item = tree.items[index]
    entry = item.entry
    where = tree.grid.short(entry.row, tree.columns.number)
    out.append(f"{pad}- id: {quote(item.id)}  " + comment(
        text("annex.yaml_label", label=entry.label.printed, id=item.id, where=where)))
    inner = pad + INDENT
    out.append(f"{inner}title: {quote(entry.title)}")
    if item.slip is not None:
        out.append(inner + comment(text("annex.yaml_slip", max=decimal_text(item.slip),
                                        sum=decimal_text(tree.maximum(index)))))
    elif entry.max is not None:
        out.append(f"{inner}max: {decimal_text(entry.max)}")
    _guide(item, inner, out)
    if item.children:
        out.append(f"{inner}criteria:")
        for child in item.children:
            _node(tree, child, inner + INDENT, out)
    else:
        _rule(tree, item, inner, out)


def _guide(item: Item, pad: str, out: list[str]) -> None:
    """The scoring guide as the decision states it (``guide:``): a literal block, one line
    of the guide a line, unless a line holds a character that must be escaped."""
    lines = [line.stated for line in item.entry.lines if line.text]
    if not lines:
        return
    if all(line == line.strip() and not any(_escaped(ch) or ch == "\t" for ch in line)
           for line in lines):
        out.append(f"{pad}guide: |-")
        out += [f"{pad}{INDENT}{line}" for line in lines]
    else:
        out.append(f"{pad}guide: {quote(chr(10).join(lines))}")


def _rule(tree: Tree, item: Item, pad: str, out: list[str]) -> None:
    found = item.inference
    if found is None or found.rule is None:
        if item.entry.lines:
            out.append(pad + comment(text("annex.yaml_points")))
        return
    out.append(pad + comment(text("annex.yaml_rule", kind=found.kind,
                                  cells=tree.cite(found.lines, short=True))))
    rule = found.rule
    if rule == {"type": "yes_no"}:
        out.append(f"{pad}rule: yes_no")
        return
    short = f"{pad}rule: {flow(rule, keys=True)}"
    if len(short) <= FLOW_WIDTH and "options" not in rule and "steps" not in rule:
        out.append(short)
        return
    out.append(f"{pad}rule:")
    _block(rule, pad + INDENT, out)


def _block(rule: dict[str, Any], pad: str, out: list[str]) -> None:
    """A rule's keys, one a line; steps one a line; a long mapping one entry a line."""
    for key, value in rule.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out.append(f"{pad}{key}:")
            out += [f"{pad}{INDENT}- {flow(v, keys=True)}" for v in value]
        elif isinstance(value, dict) and (key == "options" or
                                          len(f"{pad}{key}: {flow(value)}") > FLOW_WIDTH):
            out.append(f"{pad}{key}:")
            out += [f"{pad}{INDENT}{scalar(k)}: {flow(v)}" for k, v in value.items()]
        else:
            out.append(f"{pad}{key}: {_value(key, value, True)}")
