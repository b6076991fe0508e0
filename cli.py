"""Run reportgen from a checkout without installing it: ``python cli.py --help``."""

from reportgen.cli import main

if __name__ == "__main__":
    main()
