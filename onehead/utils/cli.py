"""Command-line options that several tools share, worded once."""
import argparse


def add_checkpoint_options(p: argparse.ArgumentParser, fuse: bool = True):
    """``--trust-checkpoint``, ``--amp`` and (inference tools)
    ``--fuse-conv-bn``."""
    p.add_argument('--trust-checkpoint', action='store_true',
                   help='the checkpoint may hold any pickled object: this '
                   'runs code it carries; only for files you trust')
    p.add_argument('--amp', action='store_true',
                   help='bf16 autocast + channels_last on CPU (fp32 + '
                   'channels_last on a CPU without native bf16)')
    if fuse:
        p.add_argument('--fuse-conv-bn', action='store_true',
                       help='fold BatchNorm into the convolutions (faster)')


def load_tool_config(path: str, cfg_options: dict = None):
    """The config a tool reads (``--cfg-options`` merged) with onehead's
    modules registered and its default scope set: ready to build from."""
    from mmengine.config import Config
    from mmengine.registry import init_default_scope

    from .setup_env import register_all_modules
    register_all_modules()
    cfg = Config.fromfile(path)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    init_default_scope(cfg.get('default_scope', 'onehead'))
    return cfg
