"""The README and the documentation site (mkdocs.yml, docs/) say what the code does.

- Every command is in the README and has a page whose CLI reference is its ``--help`` today
  (``python docs/gen_cli.py`` writes it; a stale page fails here, naming the command).
- Every ``python`` code block of README.md and docs/**/*.md runs as written, from the
  repository root (one marked ``python skip=WHY`` is skipped, saying why).
- The first command's output in the README and in Getting started is its real output.
- The README stays short; CI runs the README's test command and builds the site strictly.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from parcalc.cli import COMMANDS

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
MAIN_COMMAND = "parcalc score examples/2021.xlsx"
README_MAX_BYTES = 12 * 1024

#: A fenced code block: its info string (``python skip=…``) and its text.
FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
                   re.M | re.S)


def _load_gen_cli() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_cli", DOCS / "gen_cli.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_cli = _load_gen_cli()
PAGES: list[Path] = gen_cli.pages(DOCS)
MARKDOWN = [ROOT / "README.md", *PAGES]


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def code_blocks(path: Path, language: str) -> list[tuple[int, str, str]]:
    """(line, info string, dedented text) of each block of ``language`` in a Markdown file."""
    text = path.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m.group("info").strip(),
             textwrap.dedent(m.group("body")))
            for m in FENCE.finditer(text)
            if m.group("info").split()[:1] == [language]]


def python_examples() -> list[Any]:
    params = []
    for path in MARKDOWN:
        for line, info, code in code_blocks(path, "python"):
            where = f"{rel(path)}:{line}"
            skip = re.search(r"\bskip=(.+)$", info)
            marks = [pytest.mark.skip(reason=f"{where}: {skip.group(1)}")] if skip else []
            params.append(pytest.param(where, code, id=where, marks=marks))
    return params


EXAMPLES = python_examples()


# --- the README ------------------------------------------------------------------------------

def test_every_command_is_in_the_readme() -> None:
    for name in COMMANDS:
        assert f"parcalc {name}" in README, f"README does not mention `parcalc {name}`"


def test_ci_runs_the_readme_test_command() -> None:
    command = "pip install '.[test]' && pytest"
    assert command in README
    assert command in CI


def test_readme_shows_the_main_command() -> None:
    assert f"pip install . && {MAIN_COMMAND}" in README


def test_readme_is_short() -> None:
    size = len(README.encode())
    assert size <= README_MAX_BYTES, (
        f"README.md is {size:,} bytes, over {README_MAX_BYTES:,}: move the detail to docs/")


def test_readme_links_resolve() -> None:
    targets = re.findall(r"\]\((?!https?://)([^)#\s]+)", README)
    assert "docs/getting-started.md" in targets
    missing = [t for t in targets if not (ROOT / t).exists()]
    assert not missing, f"README.md links to files that do not exist: {missing}"


# --- the command pages -----------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_a_page_with_its_reference(name: str) -> None:
    page = DOCS / "commands" / f"{name}.md"
    assert page.is_file(), f"`parcalc {name}` has no page {rel(page)}"
    assert f"parcalc {name}" in gen_cli.commands_in(page.read_text(encoding="utf-8")), (
        f"{rel(page)} has no generated block `<!-- BEGIN parcalc {name} --help … -->`; "
        f"add the two marker lines (see docs/gen_cli.py) and run `{gen_cli.REGENERATE}`")


@pytest.mark.parametrize("page", [p for p in PAGES
                                  if gen_cli.commands_in(p.read_text(encoding="utf-8"))],
                         ids=rel)
def test_cli_reference_is_up_to_date(page: Path) -> None:
    stale = gen_cli.stale(page.read_text(encoding="utf-8"))
    assert not stale, (
        f"{rel(page)}: the CLI reference of {', '.join(f'`{c} --help`' for c in stale)} is "
        f"out of date; run `{gen_cli.REGENERATE}`")


def test_the_generator_refuses_a_block_without_its_end() -> None:
    text = "<!-- BEGIN parcalc score --help (generated) -->\n```text\nold\n```\n"
    with pytest.raises(ValueError, match="parcalc score --help"):
        gen_cli.render(text)


# --- the examples ----------------------------------------------------------------------------

def test_the_examples_are_found() -> None:
    found = {where.split(":")[0] for where in (p.values[0] for p in EXAMPLES)}
    assert {"README.md", "docs/api.md"} <= found


@pytest.mark.parametrize(("where", "code"), EXAMPLES)
def test_python_example_runs(where: str, code: str) -> None:
    before = set(os.listdir(ROOT))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, f"{where}: the example fails as written:\n{done.stderr[-3000:]}"
    assert set(os.listdir(ROOT)) == before, f"{where}: the example left files in the repository"


def _main_command_output() -> list[str]:
    """What the first command prints, warnings (stderr) first, at the default 160 columns."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("COLUMNS", "LINES", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
                        "PARCALC_LANG")}  # the default language, as a newcomer runs it
    done = subprocess.run([sys.executable, "-m", "parcalc", *MAIN_COMMAND.split()[1:]],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=300,
                          check=True)
    lines = [line.rstrip() for line in (done.stderr + done.stdout).splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def test_the_first_output_shown_is_the_real_one() -> None:
    real = _main_command_output()
    full = code_blocks(DOCS / "getting-started.md", "text")[0][2].splitlines()
    assert full == real, "docs/getting-started.md: the output of `parcalc score " \
        "examples/2021.xlsx` differs from what it prints; paste the real output"
    shown = [line for line in code_blocks(ROOT / "README.md", "text")[0][2].splitlines()
             if line != "…"]
    lines = iter(real)
    missing = [line for line in shown if line not in lines]  # in order, "…" for lines left out
    assert not missing, f"README.md: lines not in the real output, in this order: {missing}"


def _load_gen_outputs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_outputs", DOCS / "gen_outputs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", [p for p in PAGES if "<!-- BEGIN output:" in p.read_text(
    encoding="utf-8")], ids=lambda p: str(p.relative_to(ROOT)))
def test_example_outputs_are_what_the_commands_print(page: Path) -> None:
    stale = _load_gen_outputs().stale(page.read_text(encoding="utf-8"))
    assert not stale, (f"{page.relative_to(ROOT)}: the output of {stale} differs from what "
                       "the command prints; run `python docs/gen_outputs.py`")
