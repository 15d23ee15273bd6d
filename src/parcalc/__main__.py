from parcalc.cli import run

run()
