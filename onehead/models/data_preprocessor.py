"""Normalise images per backbone; keep tasks of different sizes apart."""
from typing import Optional, Sequence

import torch
from mmengine.model import BaseDataPreprocessor

from onehead.registry import MODELS


@MODELS.register_module()
class MultiTaskDataPreprocessor(BaseDataPreprocessor):
    """uint8 CHW images -> normalised float batch.

    ``mean``/``std`` come from the backbone (ImageNet statistics for
    MobileNetV2, 127.5/127.5 for EfficientNet-Lite's [-1, 1]). Images of
    one shape are stacked into a tensor; a batch that mixes shapes (say
    224 classification crops replayed with 512 detection images) stays a
    list and the model runs one forward per shape. ``channels_last`` speeds
    convolutions on CPU, most with bf16 autocast.

    ``batch_augments``: ``{task: cfg}``, e.g. ``dict(cls=dict(type='CutMix',
    num_classes=10))``: in training, that task's samples of a batch (one
    image size) are mixed together after normalisation, and each gets the
    soft label it now shows as ``gt_score``; the other tasks' samples
    (replayed ones) pass untouched.
    """

    def __init__(self, mean: Sequence[float] = (123.675, 116.28, 103.53),
                 std: Sequence[float] = (58.395, 57.12, 57.375),
                 channels_last: bool = False, non_blocking: bool = False,
                 batch_augments: Optional[dict] = None):
        super().__init__(non_blocking)
        self.batch_augments = {task: MODELS.build(cfg) for task, cfg in
                               (batch_augments or {}).items()}
        self.register_buffer('mean', torch.tensor(mean).view(-1, 1, 1),
                             False)
        self.register_buffer('std', torch.tensor(std).view(-1, 1, 1), False)
        self.channels_last = channels_last

    def forward(self, data: dict, training: bool = False) -> dict:
        data = self.cast_data(data)
        inputs = data['inputs']
        if isinstance(inputs, torch.Tensor) and inputs.dim() == 4:
            inputs = list(inputs)
        inputs = [(x.float() - self.mean) / self.std for x in inputs]
        samples = data.get('data_samples')
        if training and samples is not None:
            for task, augment in self.batch_augments.items():
                self._augment(task, augment, inputs, samples)
        if len({tuple(x.shape) for x in inputs}) == 1:
            inputs = torch.stack(inputs)
            if self.channels_last:
                inputs = inputs.contiguous(memory_format=torch.channels_last)
        return dict(inputs=inputs, data_samples=samples)

    @staticmethod
    def _augment(task: str, augment, inputs: list, samples: list) -> None:
        """Mix ``task``'s samples in place (inputs and ``gt_score``)."""
        idx = split_by_task(samples).get(task)
        if not idx:
            return
        shapes = {tuple(inputs[i].shape) for i in idx}
        if len(shapes) > 1:
            raise ValueError(f'batch augment of {task!r} needs its samples '
                             f'at one size; got {sorted(shapes)} (e.g. '
                             f'{samples[idx[0]].metainfo.get("img_path")})')
        mixed, scores = augment(torch.stack([inputs[i] for i in idx]),
                                torch.cat([samples[i].gt_label
                                           for i in idx]))
        for j, i in enumerate(idx):
            inputs[i] = mixed[j]
            samples[i].gt_score = scores[j]

    def denormalize(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.std + self.mean


def group_by_shape(inputs, data_samples: Optional[list]):
    """Yield ``(batch_tensor, samples)`` per input shape, first-seen order:
    one forward per shape, whatever tasks the shape group mixes."""
    if data_samples is None:
        yield inputs, None
        return
    groups = {}
    for i in range(len(data_samples)):
        groups.setdefault(tuple(inputs[i].shape), []).append(i)
    for idx in groups.values():
        if isinstance(inputs, torch.Tensor) and len(idx) == len(inputs):
            batch = inputs
        else:
            batch = torch.stack([inputs[i] for i in idx])
        yield batch, [data_samples[i] for i in idx]


def split_by_task(samples: list):
    """``{task: indices}`` of a sample list, first-seen order."""
    out = {}
    for i, s in enumerate(samples):
        out.setdefault(s.metainfo.get('task'), []).append(i)
    return out
