"""What ``parcalc --help`` shows, without importing click: the group's help, its options and
one line per command. :mod:`parcalc.cli.app` builds the click group from these, and
:mod:`parcalc.cli.fasthelp` prints the same page without loading click
(``tests/test_cli.py`` checks the two agree at every terminal width)."""

PROG = "parcalc"

GROUP_HELP = """Calculate the PAR Index (Chỉ số CCHC): points, component indices, ranks and bands.

\b
Example:
    parcalc score examples/2021.xlsx
    parcalc check criteria/*.yaml
"""

#: (option names as shown, help) for the group's options, in click's order.
GROUP_OPTIONS = [
    ("-V, --version", "Show the version and exit."),
    ("--debug", "Show tracebacks for errors."),
    ("-h, --help", "Show this message and exit."),
]

#: name → (module, function, the line ``parcalc --help`` shows). Commands are imported only
#: when run.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "score": ("parcalc.cli.score", "score",
              "Score workbooks: points, indices, PAR index, rank and band."),
    "report": ("parcalc.cli.report", "report",
               "Write the ranking workbook (rankings, charts, details, summary)."),
    "check": ("parcalc.cli.check", "check",
              "Check criteria files: schema, keys, ids, max sums, rules."),
    "schema": ("parcalc.cli.check", "schema",
               "Print the JSON Schema of criteria files (format 1)."),
    "template": ("parcalc.cli.template", "template",
                 "Write a blank workbook to fill for a criteria set."),
    "compare": ("parcalc.cli.compare", "compare",
                "Compare two years: workbooks, folders or JSON results."),
    "explain": ("parcalc.cli.explain", "explain",
                "Explain one unit's score: points lost, what it needs to climb."),
    "export": ("parcalc.cli.export", "export",
               "Write one ranking report per workbook into a folder."),
    "criteria": ("parcalc.cli.criteria", "criteria",
                 "Import a decision's annex table as criteria; export it back."),
    "sensitivity": ("parcalc.cli.sensitivity", "sensitivity",
                    "How sure each rank is: rank intervals, band odds, ties."),
    "diagnose": ("parcalc.cli.diagnose", "diagnose",
                 "Diagnose criteria sets: discrimination, alpha, over-claims."),
    "verify": ("parcalc.cli.verify", "verify",
               "Check that a results table adds up: totals, indices, ranks, bands."),
}


def command_rows() -> list[tuple[str, str]]:
    """(name, one line) per command, as ``parcalc --help`` lists them."""
    return [(name, COMMANDS[name][2]) for name in sorted(COMMANDS)]
