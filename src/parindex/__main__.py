"""`python -m parindex` runs the same CLI as the `parindex` command."""

from parindex.cli import main

main()
