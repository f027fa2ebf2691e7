"""`python -m metastudio_cli`: the same as the `metastudio` console script."""

from .main import main

raise SystemExit(main())
