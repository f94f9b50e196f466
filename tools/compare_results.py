"""Put every strategy's three-stage results beside the reference runs.

    python tools/compare_results.py results/  # results/comparison.{json,txt}

Reads ``DIR/<recipe>[/<variant>]/seed<N>/results.json`` (from
``tools/train_stages.py``)
and the references written by ``tools/test.py --out``: the single-task
runs ``DIR/single_task/{seg,det,cls}_alone.json`` (merged into one
reference; each further ``DIR/single_task_<variant>/`` is one more, e.g.
``single_task_wide`` -> ``single-task-wide``) and the joint run
``DIR/joint/joint.json``. A missing reference
is left out of the table with a note; a strategy folder without
results.json is skipped with a note. A recipe run with other seeds
(``seed0``, ``seed1``, ...) gets a line with the mean and standard
deviation of each final metric over its runs.
"""
import argparse
import glob
import json
import os.path as osp
import sys

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, ROOT)

from onehead.evaluation.forgetting import (compare_to_references,  # noqa
                                           format_comparison)


def is_reference(name: str) -> bool:
    return name in ('joint', 'benchmark') or name.startswith('single_task')


def load_references(results_dir: str) -> dict:
    refs = {}
    folders = sorted(glob.glob(osp.join(results_dir, 'single_task*', '')))
    for folder in folders:
        single = {}
        for path in sorted(glob.glob(osp.join(folder, '*.json'))):
            with open(path) as f:
                single.update(json.load(f))
        if single:
            name = osp.basename(osp.normpath(folder)).replace('_', '-')
            refs[name] = single
    if 'single-task' not in refs:
        print(f'note: no single-task reference in '
              f'{osp.join(results_dir, "single_task")}')
    joint = osp.join(results_dir, 'joint', 'joint.json')
    if osp.isfile(joint):
        with open(joint) as f:
            refs['joint'] = json.load(f)
    else:
        print(f'note: no joint reference ({joint})')
    return refs


def run_name(results_dir: str, path: str) -> str:
    """``<recipe>[/<variant>]``, with ``_seed<N>`` for seeds other than 0
    (the runs of one recipe grouped for its mean and sd)."""
    rel = osp.relpath(osp.dirname(path), results_dir).split(osp.sep)
    seed = int(rel[-1][len('seed'):])
    return '/'.join(rel[:-1]) + (f'_seed{seed}' if seed else '')


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('results_dir', nargs='?', default='results')
    p.add_argument('--out', help='output stem (default: '
                   'RESULTS_DIR/comparison -> .json and .txt)')
    args = p.parse_args(argv)
    runs = []
    for d in sorted(glob.glob(osp.join(args.results_dir, '*', ''))):
        d = osp.normpath(d)
        if is_reference(osp.basename(d)):
            continue
        found = sorted(glob.glob(osp.join(d, '**', 'seed*', 'results.json'),
                                 recursive=True))
        if not found:
            print(f'note: {d} has no seed<N>/results.json, skipped')
            continue
        for path in found:
            with open(path) as f:
                run = json.load(f)
            run['strategy'] = run_name(args.results_dir, path)
            runs.append(run)
    runs.sort(key=lambda r: (r['strategy'] != 'none', r['strategy']))
    if not runs:
        raise SystemExit(f'{args.results_dir}: no <recipe>/seed<N>/'
                         'results.json '
                         'found (run tools/train_stages.py first)')
    comparison = compare_to_references(runs, load_references(
        args.results_dir))
    table = format_comparison(comparison)
    stem = args.out or osp.join(args.results_dir, 'comparison')
    with open(stem + '.json', 'w') as f:
        json.dump(comparison, f, indent=2)
    with open(stem + '.txt', 'w') as f:
        f.write(table + '\n')
    print(table)
    print(f'written: {stem}.json, {stem}.txt')


if __name__ == '__main__':
    main()
