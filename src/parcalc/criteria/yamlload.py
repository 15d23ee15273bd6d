"""Load YAML safely into plain Python data, remembering the line and column of every value.

ruamel.yaml composes the document into nodes (no object is constructed from tags); we walk
the nodes ourselves so that every duplicate key is reported (not only the first), and so a
path such as ``("domains", 0, "criteria", 2, "max")`` maps back to ``file:line:col``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parcalc.errors import Location, Problem
from parcalc.i18n import Msg, msg
from parcalc.text import clean

Path = tuple[str | int, ...]

_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:omap", ""}

#: A criteria file has a few hundred nodes; anything near this is an alias bomb.
MAX_NODES = 200_000
#: Nesting deeper than this is no criteria tree (and would overflow the parser's stack).
MAX_DEPTH = 100
_BRACKETS = re.compile(r"[\[\]{}]")
#: Line breaks as the YAML parsers count lines (their marks' line numbers).
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'')


@dataclass
class LoadedYaml:
    """Plain data plus where each value (and each mapping key) stands in the file."""

    file: str
    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def location(self, path: Path, *, key: bool = False) -> Location:
        """The nearest known position for ``path`` (walking up until one is known)."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                line, col = table[probe]
                return Location(self.file, line, col)
            if probe in self.positions:
                line, col = self.positions[probe]
                return Location(self.file, line, col)
            probe = probe[:-1]
        line, col = self.positions.get((), (1, 1))
        return Location(self.file, line, col)


class _Walker:
    def __init__(self, yaml: YAML, out: LoadedYaml) -> None:
        self.yaml = yaml
        self.out = out
        self.count = 0

    def walk(self, node: Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES or len(path) > MAX_DEPTH:
            raise _TooBig
        mark = node.start_mark
        self.out.positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, (MappingNode, SequenceNode)):
            tag = str(getattr(node.tag, "value", node.tag) or "")
            if tag not in _PLAIN_TAGS:
                self._problem(mark.line + 1, mark.column + 1, msg("yaml.unsupported_tag", tag=tag))
                return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, path) if isinstance(key_node, ScalarNode) else None
            line = key_node.start_mark.line + 1
            col = key_node.start_mark.column + 1
            if key is None or isinstance(key, (dict, list)):
                self._problem(line, col, msg("yaml.key_not_text"))
                continue
            key = clean(str(key))
            if key in first_line:
                self._problem(line, col, msg("yaml.duplicate_key", key=key,
                                             first=first_line[key]))
                continue
            first_line[key] = line
            self.out.key_positions[(*path, key)] = (line, col)
            result[key] = self.walk(value_node, (*path, key))
        return result

    def _scalar(self, node: Node, path: Path) -> Any:
        try:
            value = self.yaml.constructor.construct_object(node, deep=True)
        except YAMLError:
            mark = node.start_mark
            tag = getattr(node, "tag", "")
            self._problem(mark.line + 1, mark.column + 1, msg("yaml.unsupported_tag", tag=str(tag)))
            return None
        except (ValueError, KeyError, TypeError, OverflowError, RecursionError):
            mark = node.start_mark
            raw = str(getattr(node, "value", ""))[:40]
            self._problem(mark.line + 1, mark.column + 1, msg("yaml.unreadable_value", raw=raw))
            return None
        if isinstance(node, ScalarNode):
            self.out.raw[path] = str(node.value)
        if isinstance(value, str):
            return clean(value)
        return value

    def _problem(self, line: int, col: int, message: Msg) -> None:
        self.out.problems.append(Problem(message, Location(self.out.file, line, col)))


class _TooBig(Exception):
    pass


def load_yaml_text(text: str, file: str) -> LoadedYaml:
    """Parse YAML text; syntax errors and duplicate keys become problems, never exceptions."""
    out = LoadedYaml(file=file, data=None)
    deep = _too_deep(text)
    if deep is not None:
        out.problems.append(Problem(msg("yaml.too_deep", depth=MAX_DEPTH),
                                    Location(file, deep, 1)))
        return out
    yaml = YAML(typ="safe")  # the C parser when ruamel.yaml.clib is installed; 10x faster
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as exc:
        out.problems.append(_syntax_problem(exc, text, file))
        return out
    except (YAMLError, ValueError, RecursionError) as exc:
        said = str(exc).strip()
        what: Msg | str = said.splitlines()[0][:200] if said else msg("yaml.invalid")
        out.problems.append(Problem(msg("yaml.error", what=what), Location(file, 1, 1)))
        return out
    if node is None:
        out.problems.append(Problem(msg("yaml.empty"), Location(file, 1, 1)))
        return out
    try:
        out.data = _Walker(yaml, out).walk(node, ())
    except (_TooBig, RecursionError):
        out.data = None
        out.problems.append(Problem(msg("yaml.too_many_nodes", nodes=MAX_NODES, depth=MAX_DEPTH),
                                    Location(file, 1, 1)))
    return out


def _syntax_problem(exc: MarkedYAMLError, text: str, file: str) -> Problem:
    """A syntax error at its mark; a tab in the indentation of that line is named as such
    (the parser says "found character that cannot start any token")."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = _LINE_BREAK.split(text)
    if mark is not None and 0 < line <= len(lines):
        row = lines[line - 1]
        indent = row[:len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent:
            tab = indent.index("\t") + 1
            return Problem(msg("yaml.tab", line=line, column=tab), Location(file, line, tab))
    said = (exc.problem or exc.context or "").strip()
    return Problem(msg("yaml.syntax", what=said or msg("yaml.invalid")), Location(file, line, col))


def _too_deep(text: str) -> int | None:
    """The line where flow brackets or indentation nest past MAX_DEPTH, if any.

    The C parser recurses per level and a file of 50,000 '[' overflows its stack (a crash
    no exception can catch), so depth is checked on the text first.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) - len(line.lstrip(" ")) > 2 * MAX_DEPTH:
            return number
    depth = 0
    stripped = _QUOTED.sub("", text)
    for match in _BRACKETS.finditer(stripped):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return stripped.count("\n", 0, match.start()) + 1
    return None
