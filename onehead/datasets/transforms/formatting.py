"""Pack an image and its task's ground truth for the model."""
import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import InstanceData, PixelData

from onehead.registry import TRANSFORMS
from onehead.structures import MultiTaskDataSample


@TRANSFORMS.register_module()
class PackMultiTaskInputs(BaseTransform):
    """-> ``dict(inputs=uint8 CHW tensor, data_samples=MultiTaskDataSample)``.

    The data sample carries ``task`` and the ground truth of that task only,
    so one collate and one model serve single-task and mixed batches.
    """

    def __init__(self, meta_keys=('img_path', 'img_id', 'ori_shape',
                                  'img_shape', 'pad_shape', 'scale_factor',
                                  'flip', 'flip_direction')):
        self.meta_keys = meta_keys

    def transform(self, results: dict) -> dict:
        img = np.ascontiguousarray(results['img'].transpose(2, 0, 1))
        sample = MultiTaskDataSample().set_task(results['task'])
        task = results['task']
        if task == 'det' and 'gt_bboxes' in results:
            keep = ~results['gt_ignore_flags']
            boxes = torch.as_tensor(results['gt_bboxes'], dtype=torch.float32)
            labels = torch.as_tensor(results['gt_bboxes_labels'],
                                     dtype=torch.long)
            sample.gt_instances = InstanceData(bboxes=boxes[keep],
                                               labels=labels[keep])
            sample.ignored_instances = InstanceData(bboxes=boxes[~keep],
                                                    labels=labels[~keep])
        elif task == 'seg' and 'gt_seg_map' in results:
            sample.gt_sem_seg = PixelData(data=torch.from_numpy(
                results['gt_seg_map'].astype(np.int64))[None])
        elif task == 'cls' and 'gt_label' in results:
            sample.set_gt_label(results['gt_label'])
        meta = {k: results[k] for k in self.meta_keys if k in results}
        if 'scale_factor' in meta:
            meta['scale_factor'] = tuple(float(s)
                                         for s in meta['scale_factor'])
        sample.set_metainfo(meta)
        return dict(inputs=torch.from_numpy(img), data_samples=sample)
