"""onehead: one small model, one unified head, three tasks learned in turn."""
from .utils import checkpoint as _checkpoint  # noqa: F401  (torch>=2.6 fix)
from .version import __version__

__all__ = ['__version__']
