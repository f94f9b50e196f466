"""Write ``report.md`` with plots for a staged run.

    python tools/report.py work_dirs/replay_lwf [--num-images 4]

Reads ``results.json`` and each stage's logs and checkpoint under WORK_DIR
(as ``tools/train_stages.py`` leaves them) and writes ``report.md`` plus
PNGs in ``WORK_DIR/report/``: loss curves per stage, each task's metric
across stages, the task x stage heatmap with drops, per-class IoU and AP50
of the final model, and val images with predictions beside ground truth.
With ``--no-plots --out DIR`` it writes ``DIR/report.md`` alone, saying how
to draw the pictures: the form kept in git beside the run's results.
"""
import argparse
import glob
import json
import os
import os.path as osp
import sys

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, ROOT)

from onehead.evaluation.forgetting import MAIN_METRICS, format_table  # noqa

# results.json's `precision` (train_stages.py), in words
PRECISION = {
    'fp32': 'fp32.',
    'bf16': 'bf16 autocast + channels_last (`--amp`).',
    'fp32-channels-last': 'fp32 + channels_last (`--amp` on a CPU without '
                          'native bf16).',
    'cuda-amp': 'CUDA mixed precision (`--amp`).'}


def precision_text(results) -> str:
    """What the stages computed in; a pipeline whose stages differ names
    each with its stages."""
    name = results.get('precision') or (
        'bf16' if results.get('amp') else 'fp32')
    return PRECISION.get(name, f'Stages computed in: {name}.')


def reused_dirs(results) -> dict:
    """Stage name -> the finished work dir a pipeline reused for it."""
    return {osp.basename(osp.normpath(d)): d
            for d in results.get('reused_stages', [])}


def stage_dirs(work_dir, results):
    """Each stage's work dir: where the pipeline recorded it (relative to
    WORK_DIR: a variant's stage 1 is its recipe's), else in WORK_DIR, else
    a reused one elsewhere; None when none of them exists."""
    reused = reused_dirs(results)
    recorded = results.get('stage_dirs', {})
    out = []
    for st in results['stages']:
        name = st['stage']
        found = [osp.normpath(osp.join(work_dir, d)) for d in (
            recorded.get(name), name) if d] + [reused.get(name)]
        out.append(next((d for d in found if d and osp.isdir(d)), None))
    return out


def describe_hook(h) -> str:
    if h['type'] == 'ReplayHook':
        sizes = ', '.join(f'{t} {c.get("size", "?")}'
                          for t, c in h.get('tasks', {}).items())
        shared = h.get('train_shared', True)
        rows = [t for t in h.get('tasks', {}) if shared is False or (
            shared is not True and t not in shared)]
        rows = f'; {", ".join(rows)} on output rows only' if rows else ''
        return (f'ReplayHook ({h.get("per_batch", "?")} per task and '
                f'batch; buffer {sizes}{rows})')
    if h['type'] == 'EWCHook':
        return (f'EWCHook (lambda {h.get("lambda_", "?")}, Fisher of '
                f'{", ".join(h.get("tasks", {}))})')
    if h['type'] == 'LwFHook':
        return (f'LwFHook ({", ".join(h.get("tasks", []))}, T '
                f'{h.get("temperature", "?")})')
    if h['type'] == 'EMAHook':
        return f'EMAHook (momentum {h.get("momentum", "default")})'
    return h['type']


def input_size(dataset) -> str:
    """The padded train size, read through dataset wrappers
    (ClassBalancedDataset, RepeatDataset)."""
    while 'pipeline' not in dataset and 'dataset' in dataset:
        dataset = dataset['dataset']
    for t in dataset.get('pipeline') or []:
        if t['type'] in ('Pad', 'RandomResizedCrop'):
            size = t['size']
            size = (size, size) if isinstance(size, int) else size
            return f'{size[0]}x{size[1]}'
    return '?'


def learning_rates(optim_wrapper) -> str:
    lr = optim_wrapper.optimizer.lr
    keys = optim_wrapper.get('paramwise_cfg', {}).get('custom_keys', {})
    mult = keys.get('backbone', {}).get('lr_mult', 1.0)
    return f'{lr:.0e} / {lr * mult:.0e}'


def stage_conditions(results, dirs) -> list:
    """Markdown rows: how each stage was run, read from its saved config."""
    from mmengine.config import Config
    minutes = dict(results.get('reused_stage_minutes') or {})
    minutes.update(results.get('stage_minutes') or {})
    reused = reused_dirs(results)
    rows = ['| stage | epochs | batch | train input | lr (neck+head / '
            'backbone) | against forgetting | minutes |',
            '|---|---|---|---|---|---|---|']
    for st, d in zip(results['stages'], dirs):
        cfgs = sorted(glob.glob(osp.join(d, '*.py'))) if d else []
        if not cfgs:
            rows.append(f'| {st["stage"]} | ? | ? | ? | ? | ? | ? |')
            continue
        cfg = Config.fromfile(cfgs[0])
        hooks = [describe_hook(h) for h in cfg.get('custom_hooks', [])]
        weights = cfg.model.get('task_weights')
        if weights:
            hooks.append(f'task weights {dict(weights)}')
        if cfg.model.get('norm_eval'):
            hooks.append('BN statistics fixed')
        m = minutes.get(st['stage'])
        where = f' (reused: `{reused[st["stage"]]}`)' if st[
            'stage'] in reused else ''
        rows.append(
            f'| {st["stage"]}{where} | {cfg.train_cfg.max_epochs} | '
            f'{cfg.train_dataloader.batch_size} | '
            f'{input_size(cfg.train_dataloader.dataset)} | '
            f'{learning_rates(cfg.optim_wrapper)} | '
            f'{"; ".join(hooks) or "nothing"} | '
            f'{"?" if m is None else m} |')
    return rows


def read_scalars(stage_dir):
    files = sorted(glob.glob(osp.join(stage_dir, '*', 'vis_data',
                                      'scalars.json')))
    rows = []
    for f in files:
        with open(f) as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if 'loss' in r]


def plot_losses(results, dirs, out):
    fig, axes = plt.subplots(1, len(dirs), figsize=(5 * len(dirs), 3.4),
                             squeeze=False)
    for ax, st, d in zip(axes[0], results['stages'], dirs):
        rows = read_scalars(d) if d else []
        keys = sorted({k for r in rows for k in r
                       if 'loss' in k and k != 'loss'})
        for k in ['loss'] + keys:
            pts = [(r['step'], r[k]) for r in rows if k in r]
            if pts:
                ax.plot(*zip(*pts), label=k, lw=1.2 if k == 'loss' else 0.8)
        ax.set_title(st['stage'])
        ax.set_xlabel('iteration')
        if not ax.lines:  # e.g. a stage shorter than the logging interval
            ax.text(0.5, 0.5, 'no loss logged', ha='center', va='center',
                    transform=ax.transAxes)
            continue
        ax.set_yscale('log')
        ax.legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_metrics(results, out):
    stages = [s['stage'] for s in results['stages']]
    fig, ax = plt.subplots(figsize=(6, 3.4))
    for task in MAIN_METRICS:
        xs = [i for i, s in enumerate(results['stages'])
              if task in s['metrics']]
        if xs:
            ax.plot(xs, [results['stages'][i]['metrics'][task] for i in xs],
                    'o-', label=f'{task} ({MAIN_METRICS[task]})')
    ax.set_xticks(range(len(stages)), stages, fontsize=8, rotation=20,
                  ha='right')
    ax.set_ylabel('metric')
    ax.set_ylim(-0.03, 1.08)  # a line at 0 or 1 stays off the frame
    ax.legend(fontsize=8)
    ax.set_title('each task after each stage')
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_heatmap(results, out):
    stages = [s['stage'] for s in results['stages']]
    tasks = [t for t in MAIN_METRICS if t in results['baselines']]
    m = np.full((len(tasks), len(stages)), np.nan)
    for j, s in enumerate(results['stages']):
        for i, t in enumerate(tasks):
            m[i, j] = s['metrics'].get(t, np.nan)
    fig, ax = plt.subplots(figsize=(1.9 * len(stages) + 2.5, 2.6))
    # cells fill the axes (equal aspect left most of the figure blank)
    im = ax.imshow(m, cmap='viridis', vmin=0, vmax=1, aspect='auto')
    for i in range(len(tasks)):
        for j in range(len(stages)):
            if not np.isnan(m[i, j]):
                ax.text(j, i, f'{m[i, j]:.3f}', ha='center', va='center',
                        color='w' if m[i, j] < 0.6 else 'k', fontsize=9)
    labels = [f'{t}  (drop {results["drops_pct"].get(t, 0):+.1f}%)'
              for t in tasks]
    ax.set_yticks(range(len(tasks)), labels)
    ax.set_xticks(range(len(stages)), stages, fontsize=8, rotation=20,
                  ha='right')
    fig.colorbar(im, ax=ax, fraction=0.03)
    ax.set_title('task x stage (drop = baseline -> final)')
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_per_class(results, out):
    details = results['stages'][-1].get('details', {})
    panels = [(p, sorted((k[len(p):], v) for k, v in details.items()
                         if k.startswith(p)))
              for p in ('seg/IoU.', 'det/AP50.')]
    panels = [(p, v) for p, v in panels if v]
    if not panels:
        return False
    fig, axes = plt.subplots(len(panels), 1,
                             figsize=(10, 3.2 * len(panels)), squeeze=False)
    for ax, (prefix, items) in zip(axes[:, 0], panels):
        names = [n for n, _ in items]
        vals = [0 if v != v else v for _, v in items]  # NaN: absent
        ax.bar(range(len(vals)), vals, color='tab:blue')
        ax.set_xticks(range(len(vals)), names, rotation=60, fontsize=7,
                      ha='right')
        ax.set_ylim(0, 1.08)
        ax.set_title(f'final model: {prefix[:-1]} per class '
                     '(absent classes shown as 0)')
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return True


def _heading(width: int, texts) -> np.ndarray:
    """A white strip with ``texts`` centred over equal parts of it."""
    import cv2
    strip = np.full((22, width, 3), 255, np.uint8)
    part = width // len(texts)
    for i, text in enumerate(texts):
        (w, _), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 0.5, 1)
        cv2.putText(strip, text, (i * part + (part - w) // 2, 16),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 0), 1, cv2.LINE_AA)
    return strip


def prediction_grid(stage_dir, out, num_images, score_thr=0.3):
    """Val images of every task: prediction (left, boxes scoring at least
    ``score_thr``) beside ground truth, under headings that say so."""
    import cv2
    import torch
    from mmengine.config import Config
    from mmengine.dataset import pseudo_collate

    from onehead.apis import init_model
    from onehead.datasets.transforms import read_rgb
    from onehead.registry import DATASETS
    from onehead.utils import resolve_checkpoint
    from onehead.visualization import draw_sample

    cfgs = [f for f in glob.glob(osp.join(stage_dir, '*.py'))]
    if not cfgs:
        return False
    cfg = Config.fromfile(cfgs[0])
    model = init_model(cfg, resolve_checkpoint(stage_dir))
    rows = []
    for ds_cfg in cfg.val_dataloader.dataset.datasets:
        ds = DATASETS.build(ds_cfg)
        task = ds.TASK
        names = {task: ds.metainfo['classes']}
        for i in range(min(num_images, len(ds))):
            item = ds[i]
            with torch.no_grad():
                data = model.data_preprocessor(pseudo_collate([item]), False)
                pred = model(**data, mode='predict')[0]
            if 'pred_instances' in pred:  # confident boxes only
                inst = pred.pred_instances
                pred.pred_instances = inst[inst.scores >= score_thr]
            img = read_rgb(pred.img_path)
            pair = [draw_sample(img, pred, names, pred=True),
                    draw_sample(img, item['data_samples'], names)]
            pair = [cv2.resize(p, (256, int(256 * p.shape[0] / p.shape[1])))
                    for p in pair]
            h = max(p.shape[0] for p in pair)
            pair = [np.pad(p, ((0, h - p.shape[0]), (0, 4), (0, 0)),
                           constant_values=255) for p in pair]
            rows.append(np.hstack(pair))
    if not rows:
        return False
    w = max(r.shape[1] for r in rows)
    rows = [np.pad(r, ((0, 4), (0, w - r.shape[1]), (0, 0)),
                   constant_values=255) for r in rows]
    per_col = int(np.ceil(len(rows) / 2))
    cols = [np.vstack(rows[:per_col]), np.vstack(rows[per_col:])]
    h = max(c.shape[0] for c in cols)
    cols = [np.pad(c, ((0, h - c.shape[0]), (0, 8), (0, 0)),
                   constant_values=255) for c in cols]
    cols = [np.vstack([_heading(c.shape[1] - 8, [
        f'prediction (boxes >= {score_thr})', 'ground truth']),
        c[:, :-8]]) for c in cols]
    cols = [np.pad(c, ((0, 0), (0, 8), (0, 0)), constant_values=255)
            for c in cols]
    cv2.imwrite(out, cv2.cvtColor(np.hstack(cols), cv2.COLOR_RGB2BGR))
    return True


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('work_dir')
    p.add_argument('--num-images', type=int, default=3,
                   help='val images per task in the prediction grid')
    p.add_argument('--score-thr', type=float, default=0.3,
                   help='boxes drawn: those scoring at least this')
    p.add_argument('--no-plots', action='store_true',
                   help='report.md alone, without pictures (results kept '
                   'in git; the pictures are drawn on demand)')
    p.add_argument('--out', help='folder that gets report.md (default: '
                   'the work dir; with --no-plots only, so no pictures '
                   'land outside the work dir)')
    args = p.parse_args(argv)
    if args.out and not args.no_plots:
        raise SystemExit('--out writes report.md without pictures: add '
                         '--no-plots (the pictures stay in WORK_DIR/report)')
    path = osp.join(args.work_dir, 'results.json')
    if not osp.isfile(path):
        raise SystemExit(f'{path}: not found (run tools/train_stages.py)')
    with open(path) as f:
        results = json.load(f)
    out = osp.join(args.work_dir, 'report')
    dirs = stage_dirs(args.work_dir, results)
    if not args.no_plots:
        os.makedirs(out, exist_ok=True)
        plot_losses(results, dirs, osp.join(out, 'losses.png'))
        plot_metrics(results, osp.join(out, 'metrics.png'))
        plot_heatmap(results, osp.join(out, 'heatmap.png'))
        has_cls = plot_per_class(results, osp.join(out, 'per_class.png'))
        has_grid = dirs[-1] is not None and prediction_grid(
            dirs[-1], osp.join(out, 'predictions.png'), args.num_images,
            args.score_thr)

    final = results['stages'][-1]['details']
    lines = [
        f'# onehead report: strategy `{results["strategy"]}`', '',
        'Stages run in order: '
        f'{", ".join(s["stage"] for s in results["stages"])} '
        f'({results.get("pipeline_minutes") or results.get("minutes", "?")}'
        ' min in all). After each stage '
        'every task seen so far was evaluated on its val split. Baseline = '
        'the task\'s metric at the end of its own stage; drop % = '
        '(baseline - final) / baseline; a drop of more than 5% is flagged '
        'with `!`.', '', '```', format_table(results), '```', '',
        '## How it was run', '',
        'From each stage\'s saved config; '
        + precision_text(results), ''] \
        + stage_conditions(results, dirs) + [
        '',
        '## Final model', '',
        '| task | metric | value |', '|---|---|---|']
    for key, label in (('det/AP50', 'detection mAP@50'),
                       ('det/AP', 'detection mAP@[.5:.95]'),
                       ('seg/mIoU', 'segmentation mIoU (classes present)'),
                       ('seg/mIoU_all', 'segmentation mIoU (all classes)'),
                       ('cls/top1', 'classification Top-1')):
        if key in final:
            lines.append(f'| {key.split("/")[0]} | {label} | '
                         f'{final[key]:.4f} |')
    if args.no_plots:
        lines += ['', PLOTS_ON_DEMAND]
    else:
        lines += plot_lines(has_cls, has_grid, args.score_thr)
    dest = osp.join(args.out or args.work_dir, 'report.md')
    os.makedirs(osp.dirname(dest), exist_ok=True)
    with open(dest, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print(f'written {dest}')


#: what a report without pictures says instead
PLOTS_ON_DEMAND = (
    '## Plots\n\n`python tools/report.py WORK_DIR` draws them into '
    '`WORK_DIR/report/` from the run\'s work dir: loss curves per stage, '
    'each task\'s metric across stages, the task x stage heatmap, per-class '
    'IoU and AP50 of the final model and val predictions beside the ground '
    'truth.')


def plot_lines(has_cls, has_grid, score_thr) -> list:
    lines = ['', '## Plots', '',
             '![loss curves](report/losses.png)', '',
             'Training losses of each stage (log scale): the current '
             'task\'s losses, plus replayed tasks\' and the '
             'regularisers\' (`lwf.*`, `ewc.*`) where the strategy adds '
             'them.', '', '![metrics across stages](report/metrics.png)',
             '', '![task x stage heatmap](report/heatmap.png)', '']
    if has_cls:
        lines += ['![per-class IoU and AP50](report/per_class.png)', '']
    if has_grid:
        lines += ['## Predictions of the final model', '',
                  'Val images, prediction on the left, ground truth on the '
                  f'right (boxes scoring >= {score_thr}, with their '
                  'scores; masks in the VOC palette; top-3 classes).', '',
                  '![predictions](report/predictions.png)', '']
    return lines


if __name__ == '__main__':
    main()
