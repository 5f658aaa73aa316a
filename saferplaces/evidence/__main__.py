import sys

from saferplaces.evidence.cli import main

sys.exit(main())
