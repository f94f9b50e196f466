import numpy as np
from mmengine.structures import BaseDataElement


def as_dict(sample):
    """mmengine's Evaluator hands metrics ``to_dict()`` forms; accept both."""
    return sample.to_dict() if isinstance(sample, BaseDataElement) else sample


def task_meta(dataset_meta, task: str) -> dict:
    """A MultiTaskDataset's metainfo is keyed by task; a plain one is not."""
    meta = dataset_meta or {}
    sub = meta.get(task)
    return sub if isinstance(sub, dict) else meta


def bootstrap_interval(results: list, statistic, num: int, seed: int = 0,
                       level: float = 0.95):
    """Percentile interval of ``statistic(sample)`` over ``num`` samples of
    ``results`` (one entry per image) drawn with replacement: how much a
    metric on a small val set owes to which images are in it."""
    rng = np.random.default_rng(seed)
    values = [statistic([results[k] for k in
                         rng.integers(0, len(results), len(results))])
              for _ in range(num)]
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)
