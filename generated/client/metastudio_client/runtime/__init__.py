"""Runtime modules copied verbatim into the generated client (and used by the mock).

Each module imports only the standard library, httpx and its siblings (relatively), so it
keeps working once copied into another package.

The package offers one flat surface, httpx style: ``from <package>.runtime import
RetryTransport, NotFoundError, from_env``: every name in the ``__all__`` of the modules of
``MODULES``, each named once, in its own module. Importing one module, as the mock does with
``signing``, does not drag in the others: the flat names load on first use (PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The modules whose `__all__` is the package's surface (type checkers read the same list below).
MODULES = (
    "auth",
    "config",
    "credentials",
    "errors",
    "log",
    "pagination",
    "regions",
    "response",
    "retry",
    "signing",
    "waiters",
    "wire",
)

if TYPE_CHECKING:
    from .auth import *  # noqa: F403
    from .config import *  # noqa: F403
    from .credentials import *  # noqa: F403
    from .errors import *  # noqa: F403
    from .log import *  # noqa: F403
    from .pagination import *  # noqa: F403
    from .regions import *  # noqa: F403
    from .response import *  # noqa: F403
    from .retry import *  # noqa: F403
    from .signing import *  # noqa: F403
    from .waiters import *  # noqa: F403
    from .wire import *  # noqa: F403


def _surface() -> dict[str, Any]:
    """Every exported name of MODULES and its value (config passes errors' ConfigError on);
    one name for two different values is a bug."""
    found: dict[str, Any] = {}
    for module_name in MODULES:
        module = importlib.import_module(f".{module_name}", __name__)
        for name in module.__all__:
            value = getattr(module, name)
            if found.setdefault(name, value) is not value:
                raise ImportError(f"{__name__}: two modules export different {name}")
    return found


def __getattr__(name: str) -> Any:
    if name == "__all__" or not name.startswith("__"):
        surface = _surface()
        if name == "__all__":
            value: Any = sorted(surface)
        elif name in surface:
            value = surface[name]
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value  # later lookups skip __getattr__
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_surface()))
