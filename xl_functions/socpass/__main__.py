"""`python -m socpass …`: the same command line as the `socpass` script.

Guarded, because the Dask workers of `socpass consolidate` are new processes that import the
main module again (multiprocessing's "spawn"): they must not run the command a second time.
"""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
