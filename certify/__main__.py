"""The `certify` command's entry point (and `python -m certify`).

It imports the command line itself, so that Ctrl-C while Python is still loading
certify (about a quarter of a second) ends as it does later: a line on standard
error and exit status 130, not Python's traceback.
"""

from __future__ import annotations

import sys

from .errors import aborted


def main() -> None:
    try:
        from .cli import main as command
    except KeyboardInterrupt:
        sys.stderr.write("\n" + aborted("Ctrl-C") + "\n")
        sys.exit(130)
    command()


if __name__ == "__main__":
    main()
