"""Write the example outputs of the documentation pages from real runs.

    python docs/gen_outputs.py           rewrite every output block in docs/**/*.md
    python docs/gen_outputs.py --check   only name the blocks that are out of date (exit 1)

An output block is the text between two marker lines of a page:

    <!-- BEGIN output: parcalc score examples/2021.xlsx --width 80 -->
    ```text
    …what the command prints on stdout, from the repository root, in the default language…
    ```
    <!-- END output -->

tests/test_docs.py fails, naming the command, when a block differs from what the command
prints today.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
BLOCK = re.compile(r"^(?P<begin><!-- BEGIN output: (?P<command>parcalc [^\n]*?) -->\n)"
                   r"(?P<body>.*?)^(?P<end><!-- END output -->)$", re.M | re.S)


def output(command: str) -> str:
    """What ``command`` prints on stdout, run from the repository root, as a newcomer runs
    it: the default language, no terminal settings."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("COLUMNS", "LINES", "FORCE_COLOR", "PARCALC_LANG")}
    args = shlex.split(command)[1:]
    done = subprocess.run([sys.executable, "-m", "parcalc", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    lines = [line.rstrip() for line in done.stdout.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def block_body(command: str) -> str:
    return f"```text\n{output(command)}\n```\n"


def stale(text: str) -> list[str]:
    """The commands whose block in ``text`` differs from their output today."""
    return [m.group("command") for m in BLOCK.finditer(text)
            if m.group("body") != block_body(m.group("command"))]


def main(argv: list[str]) -> int:
    check = argv == ["--check"]
    found = 0
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for command in stale(text):
            found += 1
            print(f"{page.relative_to(ROOT)}: `{command}` "
                  f"{'is out of date' if check else 'rewritten'}")
        if not check:
            page.write_text(BLOCK.sub(lambda m: m.group("begin") + block_body(m.group(
                "command")) + m.group("end"), text), encoding="utf-8")
    return 1 if check and found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
