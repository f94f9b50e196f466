"""Run the three stages of a recipe and print the forgetting table.

    python tools/train_stages.py shared_gpm --seed 1      # course data
    python tools/train_stages.py configs/locked_deep_rfs  # a folder
    python tools/train_stages.py shared_gpm/none          # a variant
    python tools/train_stages.py replay --demo            # sample data

A recipe is a folder ``configs/<recipe>/`` with ``stage1_seg.py``,
``stage2_det.py`` and ``stage3_cls.py``; a variant folder inside it holds
stages 2 and 3 and shares the recipe's stage 1 (run once, in the recipe's
work dir). The design card's strategies (none, replay, ewc, lwf,
replay_lwf) are the top-level ``configs/stage2_det[_S].py`` and
``stage3_cls[_S].py`` after ``stage1_seg.py``. Each stage runs
``tools/train.py`` in ``WORK_DIR/<stage>`` loading the previous stage's
work dir; the final table goes to ``WORK_DIR/results.json``, and with
``--results-dir`` also to a folder kept in git (``results/...``).
"""
import argparse
import glob
import json
import math
import os
import os.path as osp
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, ROOT)

from onehead.evaluation.forgetting import format_table  # noqa: E402
from onehead.utils import (amp_autocast_dtype,  # noqa: E402
                           latest_checkpoint)


STAGES = ('stage1_seg.py', 'stage2_det.py', 'stage3_cls.py')


def recipe_folder(recipe: str):
    """``configs/<recipe>/`` or the folder given, when it holds the stage
    configs (a variant folder inside a recipe, e.g.
    ``configs/shared_gpm/none``, holds stages 2 and 3 and runs after its
    recipe's stage 1); None otherwise."""
    for folder in (recipe, osp.join(ROOT, 'configs', recipe)):
        if osp.isdir(folder) and all(osp.isfile(osp.join(folder, s))
                                     for s in STAGES[1:]):
            return osp.abspath(folder)
    return None


def stage_configs(strategy: str):
    """The three configs of a recipe: ``configs/<recipe>/stage*.py`` (or a
    folder's; a variant's stage 1 is its recipe's), else the top-level
    ``configs/stage2_det_<S>.py`` and ``stage3_cls_<S>.py`` ('none' = no
    suffix) after ``stage1_seg.py``."""
    folder = recipe_folder(strategy)
    if folder:
        cfgs = [osp.join(folder, s) for s in STAGES]
        if not osp.isfile(cfgs[0]):
            cfgs[0] = osp.join(osp.dirname(folder), STAGES[0])
            if not osp.isfile(cfgs[0]):
                raise SystemExit(f'{folder}: no {STAGES[0]} in it or in '
                                 'the recipe folder above it')
        return cfgs
    suffix = '' if strategy == 'none' else f'_{strategy}'
    cfgs = [osp.join(ROOT, 'configs', 'stage1_seg.py'),
            osp.join(ROOT, 'configs', f'stage2_det{suffix}.py'),
            osp.join(ROOT, 'configs', f'stage3_cls{suffix}.py')]
    for c in cfgs:
        if not osp.isfile(c):
            raise SystemExit(f'{strategy!r}: neither a recipe folder with '
                             f'{", ".join(STAGES)} nor a strategy of the '
                             f'top-level configs ({c} does not exist)')
    return cfgs


def recipe_work_dir(cfgs, seed=None, demo=False) -> str:
    """``work_dirs/<recipe>[_seed<N>][_demo]``; a variant's
    ``work_dirs/<recipe>[_seed<N>][_demo]/<variant>``, beside the stage 1
    it shares with its recipe (or, for a variant with a stage 1 of its own,
    with that stage 1 inside)."""
    suffix = ('' if seed is None else f'_seed{seed}') + \
        ('_demo' if demo else '')
    folder = osp.dirname(cfgs[1])
    if osp.basename(folder) == 'configs':  # the design card's
        name = osp.splitext(osp.basename(cfgs[1]))[0][len('stage2_det_'):]
        return osp.join('work_dirs', (name or 'none') + suffix)
    parent = osp.dirname(folder)
    if osp.dirname(cfgs[0]) != folder or (  # a variant
            parent != osp.join(ROOT, 'configs') and
            osp.isfile(osp.join(parent, STAGES[0]))):
        return osp.join('work_dirs', osp.basename(parent) + suffix,
                        osp.basename(folder))
    return osp.join('work_dirs', osp.basename(folder) + suffix)


def demo_epochs(cfgs, factor: float = 0.6):
    """Stage epochs for the sample data, in proportion to the configs'
    (16/12/8 -> 10/8/5): a demo of a few minutes in which every task
    learns its easy synthetic data; a strategy with a longer stage keeps
    it."""
    from mmengine.config import Config
    return [math.ceil(Config.fromfile(c).train_cfg.max_epochs * factor)
            for c in cfgs]


def finished(work_dir: str) -> bool:
    """What only a finished stage leaves: its results with the final
    evaluation (``StageResultsHook`` writes them, renamed into place, after
    the last checkpoint). A stage started or interrupted has written its
    results without ``final``."""
    path = osp.join(work_dir, 'stage_results.json')
    if not osp.isfile(path):
        return False
    with open(path) as f:
        return 'final' in json.load(f)


def logged_minutes(stage_dir: str):
    """Wall minutes a stage has trained, from the mmengine logs of every
    run in its dir (first to last timestamp of each, summed: an
    interrupted run and its resume both count); None when no log has two
    timestamps."""
    total, found = 0.0, False
    for log in sorted(glob.glob(osp.join(stage_dir, '2*', '2*.log'))):
        stamps = []
        with open(log) as f:
            for line in f:
                if line[:4].isdigit() and line[4:5] == '/':
                    stamps.append(line[:19])
        if len(stamps) < 2:
            continue
        t0, t1 = (datetime.strptime(s, '%Y/%m/%d %H:%M:%S')
                  for s in (stamps[0], stamps[-1]))
        total += (t1 - t0).total_seconds() / 60
        found = True
    return round(total, 2) if found else None


#: lines of a stage's output shown on the console without --verbose
SHOWN = ('Epoch(val)', 'forgetting table', 'Error', 'error:', 'Traceback',
         'ReplayHook', 'EWCHook', 'LwFHook', 'GradientProjectionHook')


@contextmanager
def sigterm_as_exit():
    """Within the block, SIGTERM (``kill``, a scheduler's stop) raises
    SystemExit instead of ending the process on the spot, so the ``finally``
    blocks run: a stage's training never outlives the pipeline that
    started it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_stage(cmd, env, stage_dir, verbose=False) -> int:
    """Run one stage; its whole output goes to train_stages.log in the
    stage's work dir, progress and the table to the console. Stopped by a
    signal or an error, the stage's process is stopped too (its last
    checkpoint stays: the next run resumes from it)."""
    os.makedirs(stage_dir, exist_ok=True)
    in_table = False
    with open(osp.join(stage_dir, 'train_stages.log'), 'a') as log, \
            subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) as proc, \
            sigterm_as_exit():
        try:
            for line in proc.stdout:
                log.write(line)
                in_table = in_table or 'forgetting table' in line
                if verbose or in_table or any(k in line for k in SHOWN):
                    print(line, end='', flush=True)
                if in_table and line.startswith('BWT'):
                    in_table = False
            return proc.wait()
        finally:
            if proc.poll() is None:
                proc.terminate()
                print(f'stopped: the stage in {stage_dir} was stopped too; '
                      'run the same command again to resume it',
                      file=sys.stderr, flush=True)


def run_precision(amp: bool) -> str:
    """What the stages compute in: ``--amp`` is CUDA's AMP on a GPU, bf16
    on a CPU that runs it natively, fp32 (channels_last) on one that does
    not (warned here, once, before the stages start)."""
    import torch
    if not amp:
        return 'fp32'
    if torch.cuda.is_available():
        return 'cuda-amp'
    return 'bf16' if amp_autocast_dtype() else 'fp32-channels-last'


def saved_precision(stage_dir: str):
    """What a stage computed in, from the config its run saved in its dir
    (``run_precision``'s names): a reused stage may have run elsewhere.
    None when there is no saved config."""
    from mmengine.config import Config
    cfgs = sorted(glob.glob(osp.join(stage_dir, '*.py')))
    if not cfgs:
        return None
    cfg = Config.fromfile(cfgs[0])
    if cfg.optim_wrapper.get('type') == 'AmpOptimWrapper':
        return 'cuda-amp'
    if cfg.model.get('autocast') == 'bfloat16':
        return 'bf16'
    if cfg.model.get('data_preprocessor', {}).get('channels_last'):
        return 'fp32-channels-last'
    return 'fp32'


def pipeline_precision(stage_precisions: dict) -> str:
    """One name when every stage computed alike, else each with its
    stages, e.g. ``bf16 (stage1_seg); fp32-channels-last (stage2_det)``."""
    names = list(dict.fromkeys(stage_precisions.values()))
    if len(names) == 1:
        return names[0]
    return '; '.join(
        f'{n} ({", ".join(s for s, p in stage_precisions.items() if p == n)})'
        for n in names)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('strategy', help='a recipe (locked_deep_rfs, or its '
                   'folder configs/locked_deep_rfs) or a design-card '
                   'strategy (none, replay, ewc, lwf, replay_lwf)')
    p.add_argument('--seed', type=int,
                   help='random seed of every stage (default: the configs\'; '
                   'recorded in the results; work dir suffix _seed<N>)')
    p.add_argument('--work-dir', help='default: work_dirs/<recipe>'
                   '[_seed<N>][_demo]')
    p.add_argument('--demo', action='store_true',
                   help='run on the embedded sample data (generated once)')
    p.add_argument('--stage1', help='reuse this finished stage-1 work dir '
                   '(shared by the strategies with the same stage-1 config)')
    p.add_argument('--stage2', help='reuse this finished stage-2 work dir '
                   '(strategies that differ only in stage 3)')
    p.add_argument('--epochs', type=int, nargs=3, metavar=('SEG', 'DET',
                                                           'CLS'),
                   help='epochs of each stage (default: the configs\'; '
                   '--demo: 0.6 times the configs\')')
    p.add_argument('--amp', action='store_true',
                   help='bf16 autocast + channels_last on CPU (fp32 + '
                   'channels_last on a CPU without native bf16)')
    p.add_argument('--no-report', action='store_true',
                   help='skip writing report.md and its plots')
    p.add_argument('--results-dir', help='also copy results.json and '
                   'results.txt here, with a report.md without pictures '
                   '(e.g. results/<recipe>/seed<N>, the form kept in git)')
    p.add_argument('--verbose', action='store_true',
                   help='show every line of the stages\' output')
    p.add_argument('--cfg-options', nargs='+', default=[],
                   help='passed to every stage')
    args = p.parse_args(argv)

    env = dict(os.environ, PYTHONUNBUFFERED='1')  # live progress lines
    precision = run_precision(args.amp)
    cfgs = stage_configs(args.strategy)
    work_dir = args.work_dir or recipe_work_dir(cfgs, args.seed, args.demo)
    recipe = osp.relpath(work_dir, 'work_dirs') if args.work_dir is None \
        else osp.basename(osp.normpath(args.strategy))
    if args.results_dir and \
            osp.abspath(args.results_dir) == osp.abspath(work_dir):
        raise SystemExit(f'--results-dir {args.results_dir} is the work dir: '
                         'name the folder the results are copied into')
    epochs = args.epochs
    if args.demo:
        from onehead.datasets.sample_data import generate_sample_data
        sample = osp.abspath(env.get('ONEHEAD_SAMPLE_DATA', 'data/sample'))
        generate_sample_data(sample)
        env.update(ONEHEAD_DATASETS='sample_data',
                   ONEHEAD_SAMPLE_DATA=sample)
    if args.demo and not epochs:
        epochs = demo_epochs(cfgs)
    prev = None
    t0 = time.time()
    stage_minutes, reused, reused_minutes = {}, [], {}
    stage_dirs = {}  # where each stage ran, relative to the work dir
    for i, cfg in enumerate(cfgs):
        name = osp.splitext(osp.basename(cfg))[0]
        stage_dir = osp.join(work_dir, name)
        if i == 0 and osp.dirname(cfg) != osp.dirname(cfgs[1]) and \
                args.work_dir is None:  # a variant: its recipe's stage 1
            stage_dir = osp.join(osp.dirname(work_dir), name)
        given = (args.stage1, args.stage2, None)[i]
        if given:
            stage_dir = given
            if not finished(stage_dir):
                raise SystemExit(f'{stage_dir}: stage {i + 1} is not '
                                 'finished (no final results in its '
                                 'stage_results.json)')
        # keyed like the stages in stage_results.json: the dir's name
        key = osp.basename(osp.normpath(stage_dir))
        stage_dirs[key] = osp.relpath(stage_dir, work_dir)
        if finished(stage_dir):
            print(f'[{name}] finished already in {stage_dir}, reused')
            reused.append(stage_dir)
            reused_minutes[key] = logged_minutes(stage_dir)
            prev = stage_dir
            continue
        cmd = [sys.executable, osp.join(ROOT, 'tools', 'train.py'), cfg,
               '--work-dir', stage_dir]
        if args.amp:
            cmd.append('--amp')
        opts = list(args.cfg_options)
        if args.seed is not None:
            opts.append(f'randomness.seed={args.seed}')
        if epochs:  # the cosine ends and validation runs at the last one
            opts.append(f'train_cfg.max_epochs={epochs[i]}')
        opts.append(f'load_from={prev}' if prev else 'load_from=None')
        last = latest_checkpoint(stage_dir)
        earlier = 0.0  # minutes the interrupted runs trained before
        if last:  # an interrupted stage continues
            cmd.append('--resume')
            earlier = logged_minutes(stage_dir) or 0.0
            print(f'[{name}] interrupted earlier: resuming from {last}',
                  flush=True)
        cmd += ['--cfg-options'] + opts
        print(f'[{name}] ' + ' '.join(cmd), flush=True)
        t = time.time()
        rc = run_stage(cmd, env, stage_dir, args.verbose)
        if rc != 0:
            raise SystemExit(f'[{name}] failed with exit code {rc}; see '
                             f'{osp.join(stage_dir, "train_stages.log")}')
        this_run = (time.time() - t) / 60
        stage_minutes[name] = round(this_run + earlier, 2)
        # no forecast of the stages left: their pace per epoch differs
        # (image sizes, replayed samples, projection), so one stage's pace
        # misjudged the rest by half
        print(f'[{name}] done in {stage_minutes[name]:.1f} min' +
              (f' ({earlier:.1f} of them before the resume)'
               if earlier else '') +
              f'; {(time.time() - t0) / 60:.1f} min since the pipeline '
              'started', flush=True)
        prev = stage_dir
    with open(osp.join(prev, 'stage_results.json')) as f:
        results = json.load(f)
    results['strategy'] = recipe
    results['seed'] = args.seed
    results['minutes'] = round((time.time() - t0) / 60, 2)
    results['stage_minutes'] = stage_minutes
    results['reused_stages'] = reused  # their time is not in 'minutes'
    results['stage_dirs'] = stage_dirs
    # the whole pipeline's time: this run's stages + the reused ones' logs
    # (unknown when a reused stage has no log to read)
    results['reused_stage_minutes'] = reused_minutes
    results['pipeline_minutes'] = None if None in reused_minutes.values() \
        else round(sum(stage_minutes.values()) +
                   sum(reused_minutes.values()), 2)
    results['amp'] = args.amp
    # from each stage's saved config: reused stages may have run elsewhere
    stage_precisions = {key: saved_precision(osp.join(work_dir, d)) or
                        precision for key, d in stage_dirs.items()}
    results['stage_precisions'] = stage_precisions
    results['precision'] = pipeline_precision(stage_precisions)
    os.makedirs(work_dir, exist_ok=True)
    with open(osp.join(work_dir, 'results.json'), 'w') as f:
        json.dump(results, f, indent=2)
    table = format_table(results)
    if results['pipeline_minutes'] is not None:
        table += (f'\npipeline: {results["pipeline_minutes"]:.1f} min '
                  '(the three stages, reused ones from their logs)')
    with open(osp.join(work_dir, 'results.txt'), 'w') as f:
        f.write(f'strategy: {recipe}\n{table}\n')
    print(f'\nstrategy: {recipe}\n{table}')
    print(f'written: {osp.join(work_dir, "results.json")}')
    if args.results_dir:
        os.makedirs(args.results_dir, exist_ok=True)
        for name in ('results.json', 'results.txt'):
            shutil.copy(osp.join(work_dir, name), args.results_dir)
        print(f'copied into {args.results_dir}')
    if not args.no_report:
        sys.path.insert(0, osp.join(ROOT, 'tools'))
        import report
        os.environ.update({k: v for k, v in env.items()
                           if k.startswith('ONEHEAD_')})
        report.main([work_dir])
        if args.results_dir:
            report.main([work_dir, '--no-plots', '--out', args.results_dir])


if __name__ == '__main__':
    main()
