"""`python3 -m cli` runs the `pathways` command."""

import sys

from cli.main import main

sys.exit(main())
