from .checkpoint import (check_shapes, load_from_local, saved_config,
                         saved_model_config)
from .misc import resolve_checkpoint, unwrap
from .setup_env import register_all_modules

__all__ = [
    'check_shapes', 'load_from_local', 'register_all_modules',
    'resolve_checkpoint', 'saved_config', 'saved_model_config', 'unwrap'
]
