"""One data sample for all three tasks.

The ``task`` field ('det', 'seg' or 'cls') routes a sample to its loss and
decoder, so batches of one task or of several mixed (replay, joint training)
flow through the same model.
"""
from typing import Optional, Sequence, Union

import numpy as np
import torch
from mmengine.structures import BaseDataElement, InstanceData, PixelData

from .tasks import ALL_TASKS, TASKS


class MultiTaskDataSample(BaseDataElement):
    """Ground truth and predictions of one image of one task.

    Fields: ``gt_instances`` / ``pred_instances`` (det: bboxes, labels,
    scores), ``gt_sem_seg`` / ``pred_sem_seg`` (seg: ``data`` [1, H, W]),
    ``gt_label`` / ``pred_score`` (cls; ``gt_score``: a soft label that
    a batch augment such as ``CutMix`` wrote, read by the loss in its
    place). Metainfo ``task`` plus the usual
    ``img_path``, ``ori_shape``, ``img_shape``, ``scale_factor``.
    """

    def set_task(self, task: str) -> 'MultiTaskDataSample':
        if task not in TASKS + (ALL_TASKS, ):
            raise ValueError(f'unknown task {task!r}; expected one of '
                             f'{TASKS} or {ALL_TASKS!r} (inference)')
        self.set_metainfo(dict(task=task))
        return self

    # detection ---------------------------------------------------------
    @property
    def gt_instances(self) -> InstanceData:
        return self._gt_instances

    @gt_instances.setter
    def gt_instances(self, value: InstanceData):
        self.set_field(value, '_gt_instances', dtype=InstanceData)

    @gt_instances.deleter
    def gt_instances(self):
        del self._gt_instances

    @property
    def ignored_instances(self) -> InstanceData:
        return self._ignored_instances

    @ignored_instances.setter
    def ignored_instances(self, value: InstanceData):
        self.set_field(value, '_ignored_instances', dtype=InstanceData)

    @property
    def pred_instances(self) -> InstanceData:
        return self._pred_instances

    @pred_instances.setter
    def pred_instances(self, value: InstanceData):
        self.set_field(value, '_pred_instances', dtype=InstanceData)

    # segmentation ------------------------------------------------------
    @property
    def gt_sem_seg(self) -> PixelData:
        return self._gt_sem_seg

    @gt_sem_seg.setter
    def gt_sem_seg(self, value: PixelData):
        self.set_field(value, '_gt_sem_seg', dtype=PixelData)

    @property
    def pred_sem_seg(self) -> PixelData:
        return self._pred_sem_seg

    @pred_sem_seg.setter
    def pred_sem_seg(self, value: PixelData):
        self.set_field(value, '_pred_sem_seg', dtype=PixelData)

    # classification ----------------------------------------------------
    @property
    def gt_label(self) -> torch.Tensor:
        return self._gt_label

    @gt_label.setter
    def gt_label(self, value: torch.Tensor):
        self.set_field(value, '_gt_label', dtype=torch.Tensor)

    def set_gt_label(self, value: Union[int, np.integer, Sequence[int],
                                        torch.Tensor]):
        self.gt_label = torch.as_tensor(value, dtype=torch.long).reshape(-1)
        return self

    @property
    def gt_score(self) -> torch.Tensor:
        return self._gt_score

    @gt_score.setter
    def gt_score(self, value: torch.Tensor):
        self.set_field(value, '_gt_score', dtype=torch.Tensor)

    @property
    def pred_score(self) -> torch.Tensor:
        return self._pred_score

    @pred_score.setter
    def pred_score(self, value: torch.Tensor):
        self.set_field(value, '_pred_score', dtype=torch.Tensor)

    @property
    def pred_label(self) -> Optional[torch.Tensor]:
        if 'pred_score' not in self:
            return None
        return self.pred_score.argmax(-1, keepdim=True)
