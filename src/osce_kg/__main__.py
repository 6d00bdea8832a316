"""`python -m osce_kg` runs the command-line interface."""

from osce_kg.cli import main

main()
