"""`python -m segdsl` runs the command line."""

from .cli import main

main()
