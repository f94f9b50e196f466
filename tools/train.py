"""Train a onehead config: ``python tools/train.py CONFIG [options]``."""
import argparse
import logging
import os
import os.path as osp
import sys
import warnings

from mmengine.config import Config, DictAction
from mmengine.logging import print_log

from onehead.datasets import DatasetLayoutError
from onehead.registry import RUNNERS
from onehead.utils import (amp_autocast_dtype, check_cfg_options, check_fit,
                           default_work_dir, latest_checkpoint,
                           register_all_modules, resolve_checkpoint,
                           trust_checkpoints, unwrap)
from onehead.utils.dist import setup_cpu_distributed


def parse_args():
    p = argparse.ArgumentParser(description='Train a onehead model')
    p.add_argument('config', help='config file')
    p.add_argument('--work-dir', help='where logs and checkpoints go '
                   '(default: work_dirs/<config name>, or '
                   'work_dirs/<recipe>/<config name> for a recipe folder\'s)')
    p.add_argument('--resume', nargs='?', type=str, const='auto',
                   help='resume from the latest checkpoint in the work dir '
                   '(no value) or from the given checkpoint')
    p.add_argument('--trust-checkpoint', action='store_true',
                   help='load_from / --resume files may hold any pickled '
                   'object: this runs code they carry; only for files you '
                   'trust')
    p.add_argument('--amp', action='store_true',
                   help='mixed precision: bf16 autocast on CPU, AMP on CUDA')
    p.add_argument('--verbose', action='store_true',
                   help='print the environment and config dump on the '
                   'console too (the log file always has it)')
    p.add_argument('--tensorboard', action='store_true',
                   help='also log to TensorBoard (needs the tensorboard '
                   'package; skipped with a warning when it is missing)')
    p.add_argument('--cfg-options', nargs='+', action=DictAction,
                   help='override config keys, e.g. train_cfg.max_epochs=2')
    p.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                   default='none')
    p.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = p.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def add_tensorboard(cfg) -> bool:
    """Add mmengine's TensorBoard backend when the package is there."""
    try:
        import tensorboard  # noqa: F401
    except ImportError:
        warnings.warn('--tensorboard: the tensorboard package is not '
                      'installed (pip install tensorboard); logging to the '
                      'work dir only')
        return False
    backends = cfg.visualizer.setdefault('vis_backends', [])
    if not any(b['type'] == 'TensorboardVisBackend' for b in backends):
        backends.append(dict(type='TensorboardVisBackend'))
    return True


def build_cfg(args) -> Config:
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        check_cfg_options(cfg, args.cfg_options)
        cfg.merge_from_dict(args.cfg_options)
    cfg.launcher = args.launcher
    cfg.verbose = args.verbose
    if args.work_dir:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = default_work_dir(args.config)
    if args.amp:
        import torch
        if torch.cuda.is_available():
            cfg.optim_wrapper.type = 'AmpOptimWrapper'
            cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
        else:  # AmpOptimWrapper refuses CPU: autocast in the model instead
            cfg.model.autocast = amp_autocast_dtype()
            cfg.model.data_preprocessor.channels_last = True
    # a work dir that holds a checkpoint resumes from it (load_from is not
    # needed then); mmengine's own auto-resume would drop load_from even
    # when the work dir holds no checkpoint yet
    last = latest_checkpoint(cfg.work_dir) if args.resume == 'auto' \
        else None
    # load_from may name a work dir: its last checkpoint
    if cfg.get('load_from') and args.resume in (None, 'auto') and not last:
        if not osp.exists(cfg.load_from):
            raise SystemExit(
                f'error: load_from {cfg.load_from} does not exist: train '
                'the stage it names first (e.g. python tools/train.py '
                f'configs/{osp.basename(osp.normpath(cfg.load_from))}.py), '
                'or run every stage with python tools/train_stages.py '
                'STRATEGY')
        cfg.load_from = resolve_checkpoint(cfg.load_from)
    if getattr(args, 'tensorboard', False):
        add_tensorboard(cfg)
    if args.resume == 'auto':
        if last is None:
            print_log(f'--resume: {cfg.work_dir} holds no checkpoint yet; '
                      'starting the stage from '
                      f'{cfg.get("load_from") or "its initialisation"}',
                      logger='current', level=logging.WARNING)
        else:
            cfg.resume, cfg.load_from = True, last
    elif args.resume is not None:
        cfg.resume, cfg.load_from = True, args.resume
    return cfg


def main():
    args = parse_args()
    register_all_modules()
    trust_checkpoints(args.trust_checkpoint)
    cfg = build_cfg(args)
    if cfg.launcher != 'none':
        setup_cpu_distributed(cfg)
    runner = RUNNERS.build(cfg)
    if cfg.get('load_from') and not cfg.get('resume'):
        # a checkpoint of another architecture is an error, not a warning
        check_fit(unwrap(runner.model), cfg.load_from)
    try:
        runner.train()
    except DatasetLayoutError as e:
        hint = ('\nbuild the course data with python tools/prepare_data.py '
                '--out data (offline: add --archives DIR), or point '
                'ONEHEAD_DATA at a copy' if 'not found' in str(e) else '')
        raise SystemExit(f'error: {e}{hint}') from None
    import torch.distributed as dist
    if dist.is_available() and dist.is_initialized():
        # every rank is done and everything is written: leave without the
        # interpreter's teardown, where gloo's threads can abort the process
        # ("terminate called without an active exception") after success
        dist.barrier()
        dist.destroy_process_group()
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


if __name__ == '__main__':
    main()
