"""The version of this package: the installed distribution's (`make dist` sets the version of
the wheel it builds), else the spec's info.version that generated it."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("metastudio-models")
except PackageNotFoundError:  # imported from a folder on sys.path, not installed
    __version__ = "2025.2.10"
