"""The task x stage table: baselines, drops and backward transfer."""
import re
import statistics
from collections import defaultdict
from typing import List

from onehead.structures import MAIN_METRICS

#: shown beside them in the comparison (final values only)
SECONDARY_METRICS = ('seg/mIoU_all', 'det/AP')
DROP_LIMIT_PCT = 5.0
#: float rounding allowed at the limit: a drop of exactly 5% is kept
_EPS = 1e-9


def rule_kept(base: float, final: float, limit_pct: float = DROP_LIMIT_PCT
              ) -> tuple:
    """The challenge's ``metric >= baseline - 5%`` under both readings:
    ``(within limit_pct % of the baseline, within limit_pct points)``.

    A drop of exactly the limit is kept, in the forgetting table and in
    ``check_challenge`` alike.
    """
    relative = final >= base * (1 - limit_pct / 100.0) - _EPS
    points = final >= base - limit_pct / 100.0 - _EPS
    return relative, points


def summarize(stages: List[dict], drop_limit: float = DROP_LIMIT_PCT
              ) -> dict:
    """``stages``: ``[{stage, task, metrics: {task: value}}]`` in order.

    Baseline of a task = its metric at the end of its own stage; drop % =
    (baseline - final) / baseline * 100; BWT = mean over the earlier tasks
    of (final - baseline), as in Lopez-Paz & Ranzato (2017).
    """
    baselines, final = {}, {}
    for st in stages:
        if st['task'] in st['metrics']:
            baselines.setdefault(st['task'], st['metrics'][st['task']])
    if stages:
        final = dict(stages[-1]['metrics'])
    drops = {}
    for task, base in baselines.items():
        if task in final:
            drops[task] = ((base - final[task]) / base * 100.0
                           if base else 0.0)
    earlier = [t for t in baselines if stages and t != stages[-1]['task']
               and t in final]
    bwt = (sum(final[t] - baselines[t] for t in earlier) / len(earlier)
           if earlier else 0.0)
    # the challenge's 5% rule, read both ways: 5% of the baseline
    # (``flagged``, the stricter for metrics below 1) and 5 points
    points = {t: (baselines[t] - final[t]) * 100.0 for t in drops}
    kept = {t: rule_kept(baselines[t], final[t], drop_limit) for t in drops}
    flagged = sorted(t for t, (rel, _) in kept.items() if not rel)
    flagged_points = sorted(t for t, (_, pts) in kept.items() if not pts)
    return dict(baselines=baselines, final=final, drops_pct=drops,
                drops_points=points, bwt=bwt, flagged=flagged,
                flagged_points=flagged_points, drop_limit_pct=drop_limit)


def format_table(results: dict) -> str:
    """Plain-text task x stage table with baselines and drops."""
    stages = results['stages']
    tasks = []
    for st in stages:
        for t in st['metrics']:
            if t not in tasks:
                tasks.append(t)
    names = {t: MAIN_METRICS.get(t, t) for t in tasks}
    w = max([12] + [len(st['stage']) + 2 for st in stages])
    head = f'{"task (metric)":<18}' + ''.join(
        f'{st["stage"]:>{w}}' for st in stages) + \
        f'{"baseline":>10}{"drop %":>9}{"drop pts":>11}'
    lines = [head, '-' * len(head)]
    for t in tasks:
        row = f'{t + " (" + names[t].split("/")[-1] + ")":<18}'
        for st in stages:
            v = st['metrics'].get(t)
            row += f'{"-" if v is None else format(v, ".4f"):>{w}}'
        base = results['baselines'].get(t)
        drop = results['drops_pct'].get(t)
        row += f'{"-" if base is None else format(base, ".4f"):>10}'
        pts = results.get('drops_points', {}).get(t)
        flag = '!' if t in results.get('flagged', []) else ' '
        row += f'{"-" if drop is None else format(drop, ".2f"):>9}{flag}'
        flag = '!' if t in results.get('flagged_points', []) else ' '
        row += f'{"-" if pts is None else format(pts, ".2f"):>10}{flag}'
        lines.append(row)
    limit = f'{results["drop_limit_pct"]:.0f}'
    lines.append(
        f'BWT {results["bwt"]:+.4f}; flagged with !: drops > {limit}% of '
        f'the baseline: {", ".join(results["flagged"]) or "none"}; drops '
        f'> {limit} points: '
        f'{", ".join(results.get("flagged_points", [])) or "none"}')
    return '\n'.join(lines)


def compare_to_references(runs: List[dict], references: dict) -> dict:
    """Each strategy's final metrics as fractions of reference runs.

    ``runs``: results dicts written by the stage pipeline (``strategy``,
    ``final``, ``drops_pct``, ``flagged``, ``minutes``); ``references``:
    ``{name: {metric_key: value}}`` as written by ``tools/test.py --out``
    (e.g. ``'single-task'`` and ``'joint'``). Returns ``{references:
    {name: {task: value}}, rows: [{strategy, final, drops_pct, flagged,
    minutes, fraction: {name: {task: final / reference}}, also}]}``;
    ``also`` holds the SECONDARY_METRICS of the final evaluation (and of
    each reference, under ``references_also``). ``minutes`` is the whole
    pipeline's time where the run knows it (``pipeline_minutes``).
    """
    refs = {name: {t: m[key] for t, key in MAIN_METRICS.items() if key in m}
            for name, m in references.items()}
    refs_also = {name: {k: m[k] for k in SECONDARY_METRICS if k in m}
                 for name, m in references.items()}
    rows = []
    for run in runs:
        details = run['stages'][-1].get('details', {}) if run.get(
            'stages') else {}
        frac = {name: {t: (run['final'][t] / ref[t] if ref[t] else None)
                       for t in ref if t in run['final']}
                for name, ref in refs.items()}
        rows.append(dict(strategy=run['strategy'], final=run['final'],
                         drops_pct=run['drops_pct'],
                         flagged=run.get('flagged', []),
                         flagged_points=run.get('flagged_points', []),
                         minutes=run.get('pipeline_minutes'),
                         fraction=frac,
                         also={k: details[k] for k in SECONDARY_METRICS
                               if k in details}))
    return dict(references=refs, references_also=refs_also, rows=rows,
                seed_groups=seed_groups(rows))


def seed_groups(rows: List[dict]) -> dict:
    """Mean and sample standard deviation of each final metric over the
    runs of one recipe with other seeds (``S``, ``S_seed1``, ``S_seed2``,
    ...), for every recipe run more than once: on 45-60 val images one
    run's figure is not the recipe's."""
    runs = defaultdict(list)
    for row in rows:
        m = re.fullmatch(r'(.+)_seed\d+', row['strategy'])
        runs[m.group(1) if m else row['strategy']].append(row)
    groups = {}
    for name, group in runs.items():
        if len(group) < 2:
            continue
        stats = {}
        for key in [*MAIN_METRICS, *SECONDARY_METRICS]:
            values = [r['final'].get(key, r.get('also', {}).get(key))
                      for r in group]
            if None not in values:
                stats[key] = dict(mean=statistics.mean(values),
                                  std=statistics.stdev(values))
        groups[name] = dict(runs=[r['strategy'] for r in group],
                            stats=stats)
    return groups


def format_comparison(comparison: dict) -> str:
    """Plain-text table: one row per reference and per strategy; a
    strategy's cell is ``final (drop %, x single, x joint)``, one ``x`` per
    reference."""
    tasks = [t for t in MAIN_METRICS
             if any(t in r['final'] for r in comparison['rows'])
             or any(t in v for v in comparison['references'].values())]
    names = list(comparison['references'])
    cw = 20 + 7 * len(names)  # '0.1234 (+12.3%' + ', x1.23' per reference
    nw = max([14] + [len(r['strategy']) + 2 for r in comparison['rows']]
             + [len(n) + 2 for n in names])
    head = f'{"run":<{nw}}' + ''.join(
        f'{t + " " + MAIN_METRICS[t].split("/")[-1]:>{cw}}' for t in tasks) + \
        ''.join(f'{k.split("/")[-1]:>13}' for k in SECONDARY_METRICS) + \
        f'{"flags":>8}{"min":>7}'
    lines = [head, '-' * len(head)]

    def also(values):
        cells = (values.get(k) for k in SECONDARY_METRICS)
        return ''.join(f'{"-" if v is None else format(v, ".4f"):>13}'
                       for v in cells)

    for name, ref in comparison['references'].items():
        lines.append(f'{name:<{nw}}' + ''.join(
            f'{"-" if t not in ref else format(ref[t], ".4f"):>{cw}}'
            for t in tasks) + also(comparison.get('references_also', {}
                                                  ).get(name, {})))
    for row in comparison['rows']:
        cells = []
        for t in tasks:
            v = row['final'].get(t)
            if v is None:
                cells.append(f'{"-":>{cw}}')
                continue
            change = 0.0 - row['drops_pct'].get(t, 0.0) + 0.0  # no -0.0
            parts = [f'{change:+.1f}%']
            parts += ['-' if row['fraction'][n].get(t) is None else
                      f'x{row["fraction"][n][t]:.2f}' for n in names]
            cells.append(f'{v:.4f} ({", ".join(parts)})'.rjust(cw))
        minutes = row.get('minutes')
        lines.append(f'{row["strategy"]:<{nw}}' + ''.join(cells) +
                     also(row.get('also', {})) +
                     f'{len(row["flagged"])}/'
                     f'{len(row.get("flagged_points", []))}'.rjust(8) +
                     ('-' if minutes is None
                      else format(minutes, '.1f')).rjust(7))
    lines.append('cells: final metric (change from its own baseline, '
                 + ', '.join(f'x {n}' for n in names)
                 + ' = fraction of that reference); mIoU_all: over all '
                 '21 classes; flags: tasks that dropped more than 5% of '
                 'their baseline / more than 5 points; min: the three stages')
    for name, group in comparison.get('seed_groups', {}).items():
        lines.append(f'{name} over {len(group["runs"])} seeds (mean +- sd): '
                     + ', '.join(f'{k} {v["mean"]:.4f} +- {v["std"]:.4f}'
                                 for k, v in group['stats'].items()))
    return '\n'.join(lines)
