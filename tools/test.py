"""Evaluate a checkpoint: ``python tools/test.py [CONFIG] CHECKPOINT``.

Without CONFIG, the config saved in the checkpoint is used (read as data),
so a checkpoint is tested on the data it was trained on.

``--tasks seg det`` keeps only those tasks of a multi-task val set;
``--out results.json`` writes the metrics; ``--show-dir DIR`` saves
pictures of the predictions; ``--bootstrap 1000`` adds each metric's 95%
interval over resamples of the val images (``*_ci_low``/``*_ci_high``).
"""
import argparse
import json
import os
import os.path as osp

from mmengine.config import Config, DictAction

from onehead.registry import DATASETS, HOOKS, RUNNERS
from onehead.structures import TASK_METRICS, TASKS
from onehead.utils import (CheckpointError, amp_autocast_dtype,
                           check_cfg_options, check_classes, check_fit,
                           checkpoint_meta, register_all_modules,
                           resolve_checkpoint, saved_config,
                           trust_checkpoints, unwrap)
from onehead.utils.cli import add_checkpoint_options

DATASET_TASK = dict(MiniVocSegDataset='seg', MiniCocoDetDataset='det',
                    ImagenetteDataset='cls')


def parse_args():
    p = argparse.ArgumentParser(description='Test a onehead checkpoint')
    p.add_argument('paths', nargs='+', metavar='[CONFIG] CHECKPOINT',
                   help='the checkpoint (file or work dir), after a config '
                   '(default: the config saved in the checkpoint, with the '
                   'data it was trained on)')
    p.add_argument('--work-dir')
    p.add_argument('--tasks', nargs='+', choices=TASKS)
    p.add_argument('--out', help='write the metrics as JSON here')
    p.add_argument('--show-dir', help='save prediction pictures here')
    add_checkpoint_options(p, fuse=False)
    p.add_argument('--bootstrap', type=int, default=0, metavar='N',
                   help='95%% interval of each metric over N resamples of '
                   'the val images')
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    p.add_argument('--verbose', action='store_true',
                   help='print the environment and config dump on the '
                   'console too (the log file always has it)')
    p.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                   default='none')
    return p.parse_args()


def training_only(hook_cfg: dict) -> bool:
    """Whether a hook has nothing to do in a test: those that say so
    (``training_only``) and mmengine's EMAHook (the checkpoint's weights
    are already the average; swapping them back would test the raw ones)."""
    from mmengine.hooks import EMAHook
    cls = HOOKS.get(hook_cfg['type'])
    return cls is not None and (getattr(cls, 'training_only', False) or
                                issubclass(cls, EMAHook))


def select_tasks(cfg, tasks) -> None:
    """Keep only ``tasks`` in the test set and evaluator."""
    ds = cfg.test_dataloader.dataset
    if ds.get('type') == 'MultiTaskDataset':
        ds.datasets = [d for d in ds.datasets
                       if DATASET_TASK.get(d.type) in tasks]
        kept = [DATASET_TASK.get(d.type) for d in ds.datasets]
    else:
        kept = [DATASET_TASK.get(ds.type)]
    missing = set(tasks) - set(kept)
    if missing:
        raise SystemExit(f'{cfg.filename}: its test set has no '
                         f'{sorted(missing)} data')
    evaluator = cfg.test_evaluator
    if isinstance(evaluator, (list, tuple)):
        cfg.test_evaluator = [m for m in evaluator if m.type in
                              {TASK_METRICS[t] for t in tasks}]


def main():
    args = parse_args()
    register_all_modules()
    trust_checkpoints(args.trust_checkpoint)
    if len(args.paths) > 2:
        raise SystemExit('error: give at most a config and a checkpoint')
    config, checkpoint = ([None] + args.paths)[-2:]
    checkpoint = resolve_checkpoint(checkpoint)
    if not osp.isfile(checkpoint):
        raise SystemExit(f'error: {checkpoint}: checkpoint not found')
    cfg = Config.fromfile(config) if config else saved_config(checkpoint)
    if cfg is None:
        raise SystemExit(f'error: {checkpoint}: no config is saved in it; '
                         'name the config it was trained with')
    if args.cfg_options:
        check_cfg_options(cfg, args.cfg_options)
        cfg.merge_from_dict(args.cfg_options)
    cfg.launcher = args.launcher
    cfg.verbose = args.verbose
    # never the training work dir that a saved config names: its logs
    # time the stage
    cfg.work_dir = args.work_dir or (cfg.get('work_dir') if config else
                                     None) or osp.join('work_dirs', 'test')
    cfg.load_from = checkpoint
    cfg.resume = False
    if args.tasks:
        select_tasks(cfg, args.tasks)
    if args.amp:  # where the runner puts the model
        import torch
        cfg.model.autocast = amp_autocast_dtype(
            'cuda' if torch.cuda.is_available() else 'cpu')
        cfg.model.data_preprocessor.channels_last = True
    if args.bootstrap:
        ev = cfg.test_evaluator
        for m in ev if isinstance(ev, (list, tuple)) else [ev]:
            m.bootstrap = args.bootstrap
    if args.show_dir:
        cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
            dict(type='PredictionVisualizationHook', out_dir=args.show_dir)]
    cfg.custom_hooks = [h for h in cfg.get('custom_hooks', [])
                        if not training_only(h)]
    runner = RUNNERS.build(cfg)
    # mmengine loads a checkpoint that does not fit with a warning and
    # tests the random model: here it is an error naming the mismatch
    try:
        check_fit(unwrap(runner.model), cfg.load_from, strict=True)
    except CheckpointError as e:
        trained = checkpoint_meta(cfg.load_from).get('tasks') or {}
        raise SystemExit(f'error: {e}' + ''.join(
            f'\n  it was trained on {t}: {", ".join(v["classes"][:5])}'
            for t, v in trained.items()) + (
            '\n  to test it on that data, leave out the config (the one '
            'saved in the checkpoint is used)' if trained else ''))
    ds = DATASETS.build(cfg.test_dataloader.dataset)
    metas = ds.metainfo
    check_classes(unwrap(runner.model),
                  {t: metas[t] for t in metas.get('tasks', [])} or
                  {ds.TASK: metas}, cfg.load_from)
    metrics = runner.test()
    if args.out:
        os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as f:
            json.dump(metrics, f, indent=2)
        print(f'metrics written to {args.out}')


if __name__ == '__main__':
    main()
