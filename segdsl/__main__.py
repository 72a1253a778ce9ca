"""`python -m segdsl` runs the command line."""

from segdsl.cli import main

main()
