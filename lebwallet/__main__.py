"""`python -m lebwallet` runs the same command as `lebwallet`."""

import sys

from lebwallet.cli import main

sys.exit(main())
