"""`python -m bot` is the same CLI as `salesbot`."""

from bot.runtime.cli import main

raise SystemExit(main())
