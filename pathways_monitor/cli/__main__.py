"""`python3 -m pathways_monitor.cli` runs the `pathways` command."""

import sys

from pathways_monitor.cli.main import main

sys.exit(main())
