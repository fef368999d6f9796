"""`python -m so8t …` runs the CLI (workers start stages this way)."""

from so8t.cli import main

raise SystemExit(main())
