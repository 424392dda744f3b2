"""``python -m privlint``."""

from privlint.cli import main

raise SystemExit(main())
