from mmengine.structures import BaseDataElement


def as_dict(sample):
    """mmengine's Evaluator hands metrics ``to_dict()`` forms; accept both."""
    return sample.to_dict() if isinstance(sample, BaseDataElement) else sample
