"""The task x stage table: baselines, drops and backward transfer."""
from typing import List

#: the headline metric of each task (as logged by the metrics)
MAIN_METRICS = dict(seg='seg/mIoU', det='det/AP50', cls='cls/top1')
DROP_LIMIT_PCT = 5.0


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
    flagged = sorted(t for t, d in drops.items() if d >= drop_limit)
    return dict(baselines=baselines, final=final, drops_pct=drops, bwt=bwt,
                flagged=flagged, drop_limit_pct=drop_limit)


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
        f'{"baseline":>10}{"drop %":>9}'
    lines = [head, '-' * len(head)]
    for t in tasks:
        row = f'{t + " (" + names[t].split("/")[-1] + ")":<18}'
        for st in stages:
            v = st['metrics'].get(t)
            row += f'{"-" if v is None else format(v, ".4f"):>{w}}'
        base = results['baselines'].get(t)
        drop = results['drops_pct'].get(t)
        row += f'{"-" if base is None else format(base, ".4f"):>10}'
        flag = ' !' if t in results.get('flagged', []) else ''
        row += f'{"-" if drop is None else format(drop, ".2f"):>9}{flag}'
        lines.append(row)
    lines.append(f'BWT {results["bwt"]:+.4f}; drops >= '
                 f'{results["drop_limit_pct"]:.0f}% flagged with !: '
                 f'{", ".join(results["flagged"]) or "none"}')
    return '\n'.join(lines)
