"""Write a recipe's results table (README) and metafile from its runs.

    python tools/recipe_results.py shared_gpm

Reads ``results/<recipe>/[<variant>/][<precision>/]seed<N>/results.json``
(what ``tools/train_stages.py`` wrote, copied there; a ``<precision>``
folder, ``bf16`` or ``fp32-channels-last``, holds a rerun of the
variant's own configs computed in that precision, a ``rerun_<what>``
folder one on another machine, from other stages 1 and 2 or with other
epochs), and writes

- in ``configs/<recipe>/README.md``, between the lines
  ``<!-- results -->`` and ``<!-- /results -->``: one row per recipe or
  variant with each task's final metric and its drop from the task's own
  baseline as mean +- sd over the seeds (the largest drop of any seed in
  brackets), the pipeline's minutes, the seeds and links to the configs
  and to each seed's forgetting table;
- ``configs/<recipe>/metafile.yml`` in mmpretrain's form with the means.
"""
import argparse
import glob
import json
import os.path as osp
import re
import statistics
import sys

import yaml

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, ROOT)

from onehead.evaluation.forgetting import MAIN_METRICS  # noqa: E402

TASK_NAMES = dict(seg=('Semantic Segmentation', 'Mini-VOC-Seg', 'mIoU'),
                  det=('Object Detection', 'Mini-COCO-Det', 'AP50'),
                  cls=('Image Classification', 'Imagenette-160', 'Top-1'))
START, END = '<!-- results -->', '<!-- /results -->'
#: what 45-60 val images measure reliably: the classes with dozens of
#: them, and detection's boxes of all classes pooled (class-agnostic AP50)
RELIABLE = (('seg/IoU.background', 'seg IoU background'),
            ('seg/IoU.person', 'seg IoU person'),
            ('det/AP50.person', 'det AP50 person'),
            ('det/AP50.car', 'det AP50 car'),
            ('det/AP50_agnostic', 'det AP50 class-agnostic'))
#: results folders that rerun their parent's configs in this precision
PRECISIONS = ('bf16', 'fp32-channels-last')
#: ... and those that rerun them otherwise (another machine, other stages)
RERUN_PREFIX = 'rerun_'


def runs_by_row(results_dir: str) -> dict:
    """``{row: {seed: results}}``; row '' is the recipe itself."""
    rows = {}
    for path in sorted(glob.glob(osp.join(results_dir, '**', 'seed*',
                                          'results.json'), recursive=True)):
        rel = osp.relpath(osp.dirname(path), results_dir)
        parts = rel.split(osp.sep)
        seed = int(re.fullmatch(r'seed(\d+)', parts[-1]).group(1))
        with open(path) as f:
            rows.setdefault('/'.join(parts[:-1]), {})[seed] = json.load(f)
    return rows


def config_folder(recipe: str, row: str) -> str:
    """The configs a row ran: its own folder, its parent's for a rerun (in
    another precision, or a ``rerun_*`` folder)."""
    parts = row.split('/') if row else []
    if parts and (parts[-1] in PRECISIONS
                  or parts[-1].startswith(RERUN_PREFIX)):
        parts = parts[:-1]
    return osp.join('configs', recipe, *parts)


def mean_sd(values):
    values = [v for v in values if v is not None]
    if not values:
        return None, None
    # one seed has no spread: no sd rather than a made-up 0
    sd = statistics.stdev(values) if len(values) > 1 else None
    return statistics.mean(values), sd


def summarize(runs: dict) -> dict:
    """Mean and sd of each task's final metric and drop over the seeds."""
    out = dict(seeds=sorted(runs), tasks={})
    for task in MAIN_METRICS:
        finals = [r['final'].get(task) for r in runs.values()]
        if None in finals:
            continue
        drops = [r['drops_pct'].get(task, 0.0) for r in runs.values()]
        out['tasks'][task] = dict(final=mean_sd(finals), drop=mean_sd(drops),
                                  worst_drop=max(drops))
    out['minutes'] = mean_sd([r.get('pipeline_minutes') for r in
                              runs.values()])
    # minutes in another precision than bf16 are not comparable: named.
    # Tables written before train_stages recorded it were all bf16.
    out['precisions'] = sorted({r.get('precision', 'bf16')
                                for r in runs.values()} - {'bf16'})
    out['reliable'] = {}
    for key, _ in RELIABLE:
        finals, changes = [], []
        for r in runs.values():
            # baseline: the figure at the end of the task's own stage,
            # the first stage that measured it
            seen = [s.get('details', {}).get(key) for s in r['stages']]
            seen = [v for v in seen if v is not None]
            finals.append(r['stages'][-1].get('details', {}).get(key))
            changes.append(seen[-1] - seen[0] if seen else None)
        if None not in finals:
            out['reliable'][key] = (mean_sd(finals), mean_sd(changes))
    return out


def fmt(pair, digits=4):
    m, sd = pair
    if m is None:
        return '-'
    if sd is None:
        return f'{m:.{digits}f}'
    return f'{m:.{digits}f} ± {sd:.{digits}f}'


def table(recipe: str, rows: dict) -> str:
    head = ('| run | seeds | seg mIoU | seg drop % | det AP50 | det drop % '
            '| cls Top-1 | minutes | configs | tables |')
    lines = [head, '|' + '---|' * 10]
    for row in sorted(rows, key=lambda r: (r != '', r)):
        s = summarize(rows[row])
        folder = config_folder(recipe, row)
        cells = [f'`{recipe}`' if not row else f'`{recipe}/{row}`',
                 ', '.join(map(str, s['seeds']))]
        for task in ('seg', 'det', 'cls'):
            t = s['tasks'].get(task)
            if t is None:
                cells += ['-'] if task == 'cls' else ['-', '-']
                continue
            cells.append(fmt(t['final']))
            if task != 'cls':
                worst = (f' ({t["worst_drop"]:.1f})'
                         if len(s['seeds']) > 1 else '')
                cells.append(fmt(t['drop'], 1) + worst)
        minutes = fmt(s['minutes'], 1)
        if s['precisions']:
            minutes += f' ({", ".join(s["precisions"])})'
        cells.append(minutes)
        rel = osp.relpath(folder, osp.join('configs', recipe)) or '.'
        cells.append(f'[{rel}]({rel})')
        seeds_dir = osp.relpath(osp.join('results', recipe, row),
                                osp.join('configs', recipe))
        cells.append(' '.join(
            f'[{n}]({seeds_dir}/seed{n}/results.txt)' for n in s['seeds']))
        lines.append('| ' + ' | '.join(cells) + ' |')
    lines += ['', '| run | ' + ' | '.join(n for _, n in RELIABLE) + ' |',
              '|' + '---|' * (len(RELIABLE) + 1)]
    for row in sorted(rows, key=lambda r: (r != '', r)):
        s = summarize(rows[row])
        name = f'`{recipe}`' if not row else f'`{recipe}/{row}`'
        cells = [name]
        for key, _ in RELIABLE:
            if key not in s['reliable']:
                cells.append('-')
                continue
            final, change = s['reliable'][key]
            cells.append(f'{fmt(final)} ({change[0]:+.4f})')
        lines.append('| ' + ' | '.join(cells) + ' |')
    lines += ['', (
        'Mean ± sd over the seeds (a single seed: its figure) of each '
        'task\'s final metric and of its drop from its own baseline (in '
        'brackets the largest drop of any seed; a drop of more than 5% breaks '
        'the challenge\'s rule), on the val split, with MobileNetV2 standing '
        'in for a course backbone; minutes of the whole pipeline on a 2-core '
        'CPU (bf16 autocast, unless the cell names what the runs computed '
        'in: `fp32-channels-last` on a CPU without native bf16, several '
        'times slower). The second table: the final figures that the small '
        'val split measures reliably (the classes with dozens of val images, '
        'and detection\'s boxes of all classes pooled; the rare classes sit '
        'in 1-3 val images each), in brackets the mean change from the end '
        'of the task\'s own stage. Written by `tools/recipe_results.py`.')]
    return '\n'.join(lines)


def metafile(recipe: str, rows: dict) -> dict:
    models = []
    for row in sorted(rows, key=lambda r: (r != '', r)):
        s = summarize(rows[row])
        folder = config_folder(recipe, row)
        stage3 = osp.join(folder, 'stage3_cls.py')
        results = []
        for task, t in s['tasks'].items():
            name, dataset, metric = TASK_NAMES[task]
            metrics = {metric: round(t['final'][0], 4)}
            if t['final'][1] is not None:
                metrics[f'{metric} sd'] = round(t['final'][1], 4)
            metrics['Drop %'] = round(t['drop'][0], 2)
            results.append({'Task': name, 'Dataset': dataset,
                            'Metrics': metrics})
        models.append({
            'Name': recipe if not row else f'{recipe}/{row}',
            'In Collection': recipe,
            'Metadata': {'Seeds': s['seeds'],
                         'Minutes': round(s['minutes'][0], 1)
                         if s['minutes'][0] is not None else None,
                         **({'Precision': s['precisions']}
                            if s['precisions'] else {})},
            'Results': results, 'Config': stage3})
    return {'Collections': [{
        'Name': recipe,
        'Metadata': {'Training Data': [v[1] for v in TASK_NAMES.values()]},
        'README': osp.join('configs', recipe, 'README.md')}],
        'Models': models}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('recipe')
    p.add_argument('--results', default='results',
                   help='folder of every recipe\'s results')
    args = p.parse_args(argv)
    rows = runs_by_row(osp.join(args.results, args.recipe))
    if not rows:
        raise SystemExit(f'{osp.join(args.results, args.recipe)}: no '
                         'seed<N>/results.json below it')
    readme = osp.join(ROOT, 'configs', args.recipe, 'README.md')
    with open(readme) as f:
        text = f.read()
    if START not in text or END not in text:
        raise SystemExit(f'{readme}: no {START} ... {END} lines to write '
                         'the table between')
    pre, rest = text.split(START, 1)
    post = rest.split(END, 1)[1]
    with open(readme, 'w') as f:
        f.write(f'{pre}{START}\n{table(args.recipe, rows)}\n{END}{post}')
    meta = osp.join(ROOT, 'configs', args.recipe, 'metafile.yml')
    with open(meta, 'w') as f:
        yaml.safe_dump(metafile(args.recipe, rows), f, sort_keys=False,
                       allow_unicode=True)
    print(f'written {readme} and {meta}')


if __name__ == '__main__':
    main()
