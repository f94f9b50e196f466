"""Evaluate a checkpoint: ``python tools/test.py CONFIG CHECKPOINT``."""
import argparse
import json
import os
import os.path as osp

from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from onehead.utils import register_all_modules


def parse_args():
    p = argparse.ArgumentParser(description='Test a onehead checkpoint')
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--work-dir')
    p.add_argument('--out', help='write the metrics as JSON here')
    p.add_argument('--amp', action='store_true',
                   help='bf16 autocast + channels_last on CPU')
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    p.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                   default='none')
    return p.parse_args()


def main():
    args = parse_args()
    register_all_modules()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    cfg.launcher = args.launcher
    cfg.work_dir = args.work_dir or cfg.get('work_dir') or osp.join(
        'work_dirs', osp.splitext(osp.basename(args.config))[0])
    cfg.load_from = args.checkpoint
    if args.amp:
        cfg.model.autocast = 'bfloat16'
        cfg.model.data_preprocessor.channels_last = True
    runner = Runner.from_cfg(cfg)
    metrics = runner.test()
    if args.out:
        os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as f:
            json.dump(metrics, f, indent=2)
        print(f'metrics written to {args.out}')


if __name__ == '__main__':
    main()
