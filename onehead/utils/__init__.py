from .checkpoint import (CheckpointError, UntrustedCheckpointError,
                         check_classes, check_fit, checkpoint_meta,
                         load_checkpoint_file, load_from_local,
                         parse_config_text, saved_config, saved_model_config,
                         trust_checkpoints)
from .misc import (check_cfg_options, default_work_dir, latest_checkpoint,
                   resolve_checkpoint, unwrap)
from .precision import amp_autocast_dtype, cpu_bf16_is_native
from .setup_env import register_all_modules

__all__ = [
    'CheckpointError', 'UntrustedCheckpointError', 'check_cfg_options',
    'amp_autocast_dtype', 'check_classes', 'checkpoint_meta',
    'cpu_bf16_is_native', 'default_work_dir',
    'check_fit', 'latest_checkpoint', 'load_checkpoint_file',
    'load_from_local', 'parse_config_text', 'register_all_modules',
    'resolve_checkpoint', 'saved_config', 'saved_model_config',
    'trust_checkpoints', 'unwrap'
]
