"""`python -m socpass …`: the same command line as the `socpass` script."""

import sys

from .cli import main

sys.exit(main())
