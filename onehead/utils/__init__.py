from .checkpoint import load_from_local
from .misc import resolve_checkpoint, unwrap
from .setup_env import register_all_modules

__all__ = [
    'load_from_local', 'register_all_modules', 'resolve_checkpoint', 'unwrap'
]
