"""``python -m reportgen`` runs the CLI."""

from reportgen.cli import main

main(prog_name="reportgen")
