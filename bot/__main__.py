"""`python -m bot` is the same CLI as `salesbot`."""

from bot.cli import main

raise SystemExit(main())
