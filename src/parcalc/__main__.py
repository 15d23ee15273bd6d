from parcalc.cli import main

main()
