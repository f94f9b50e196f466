from mmengine.structures import BaseDataElement


def as_dict(sample):
    """mmengine's Evaluator hands metrics ``to_dict()`` forms; accept both."""
    return sample.to_dict() if isinstance(sample, BaseDataElement) else sample


def task_meta(dataset_meta, task: str) -> dict:
    """A MultiTaskDataset's metainfo is keyed by task; a plain one is not."""
    meta = dataset_meta or {}
    sub = meta.get(task)
    return sub if isinstance(sub, dict) else meta
