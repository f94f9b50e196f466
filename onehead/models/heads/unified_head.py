"""The one head: 2-3 layers, ONE output tensor split by channel per task.

Channel layout of the output ``[B, (5 + C_det) + C_seg + C_cls, h, w]``:
``[0:4]`` box (tx, ty, tw, th), ``[4]`` IoU-aware confidence,
``[5:5+C_det]`` detection classes, then ``C_seg`` segmentation logits
(bilinearly upsampled to the input) and ``C_cls`` classification logits
(pooled over the cells: average by default, see ``cls_pooling``).
"""
from typing import Dict, List, Optional, Sequence, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmengine.structures import InstanceData, PixelData

from onehead.registry import MODELS
from onehead.structures import TASKS
from .dense_det import (aligned_iou, center_sampling_assign, decode_boxes,
                        grid_centers, inside_any, postprocess, rescale_boxes)

PRIOR_LOGIT = -4.595  # sigmoid = 0.01: focal losses start stable


@MODELS.register_module()
class UnifiedHead(BaseModule):
    """``num_convs`` 3x3 ConvBNReLU (1 or 2) then one 1x1 conv.

    Args:
        in_channels: neck output channels; with a neck that gives some
            tasks features of their own, ``dict(shared=C, cls=C_cls)``: each
            such task's private block reads its own features, every other
            block the shared ones.
        stride: output stride of the neck map (input pixels per cell).
        num_det_classes / num_seg_classes / num_cls_classes: C_det, C_seg,
            C_cls of the channel split.
        num_classes: the three at once, ``dict(det=10, seg=21, cls=10)``
            (the data configs' ``num_classes``); overrides the three.
        feat_channels, num_convs: the shared layers (total layers =
            num_convs + 1, so 2 or 3).
        det_cfg: overrides of the defaults: center-sampling ``radius``;
            ``box_weight`` of each positive in the GIoU loss: ``'iou'``
            (its current IoU, as trained so far) or ``'uniform'``;
            test-time ``score_thr``, ``nms_pre``, ``iou_thr`` (class-wise
            NMS; 0.45 as YOLO: 0.6 kept near-duplicate boxes, see README),
            ``max_per_img``.
        seg_loss_scale: resolution of the segmentation loss relative to the
            input (1: full, as mmseg; 0.25: logits upsampled x2 from stride
            8 and labels subsampled, much cheaper on a CPU).
        private_channels: e.g. ``dict(cls=128)``: hidden channels only that
            task reads (parameter isolation). Each layer stays one layer
            with a block-diagonal weight: the shared block and each task's
            block are computed side by side, and the 1x1 output conv, masked,
            gives a task with a block its logits from that block alone and
            every other task its logits from the shared block alone. A task
            learned in a later stage then cannot move the earlier tasks'
            head through its loss (the backbone and neck stay shared).
        cls_pooling: how the classification channels become one logit per
            class: ``'avg'`` (every cell votes alike), ``'max'`` (the cell
            most sure of the class decides) or ``'avg_max'`` (the mean of
            the two: an object that fills a few cells of a map the other
            tasks shaped is not averaged away, and no single cell decides
            alone). No weights either way.
    """

    CLS_POOLINGS = ('avg', 'max', 'avg_max')

    def __init__(self, in_channels: Union[int, Dict[str, int]],
                 stride: int = 8,
                 num_det_classes: int = 10, num_seg_classes: int = 21,
                 num_cls_classes: int = 10,
                 num_classes: Optional[Dict[str, int]] = None,
                 feat_channels: int = 128,
                 num_convs: int = 2,
                 loss_box=dict(type='GIoULoss', loss_weight=2.0),
                 loss_conf=dict(type='VarifocalLoss', loss_weight=1.0),
                 loss_det_cls=dict(type='FocalLoss', loss_weight=1.0),
                 loss_seg=dict(type='CrossEntropyLoss', ignore_index=255),
                 loss_cls=dict(type='CrossEntropyLoss',
                               label_smoothing=0.1),
                 det_cfg: Optional[dict] = None,
                 seg_loss_scale: float = 1.0,
                 private_channels: Optional[Dict[str, int]] = None,
                 cls_pooling: str = 'avg',
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if cls_pooling not in self.CLS_POOLINGS:
            raise ValueError(f'cls_pooling must be one of {self.CLS_POOLINGS}'
                             f', got {cls_pooling!r}')
        self.cls_pooling = cls_pooling
        if num_convs not in (1, 2):
            raise ValueError('UnifiedHead has 2-3 layers: num_convs must be '
                             f'1 or 2, got {num_convs}')
        if num_classes is not None:
            num_det_classes, num_seg_classes, num_cls_classes = (
                num_classes[t] for t in TASKS)
        self.stride = stride
        self.seg_loss_scale = seg_loss_scale
        self.num_det_classes = num_det_classes
        self.num_seg_classes = num_seg_classes
        self.num_cls_classes = num_cls_classes
        self.det_cfg = dict(radius=2.5, score_thr=0.05, nms_pre=1000,
                            iou_thr=0.45, max_per_img=100, box_weight='iou')
        self.det_cfg.update(det_cfg or {})
        self.private_channels = dict(private_channels or {})
        in_channels = dict(in_channels) if isinstance(in_channels, dict) \
            else dict(shared=in_channels)
        for name, d in (('private_channels', self.private_channels),
                        ('in_channels', in_channels)):
            unknown = set(d) - set(TASKS) - {'shared'}
            if unknown:
                raise ValueError(f'{name}: tasks are det, seg, cls; got '
                                 f'{sorted(unknown)}')
        if set(in_channels) - {'shared'} - set(self.private_channels):
            raise ValueError(f'in_channels {in_channels}: a task with '
                             'features of its own needs private_channels '
                             'in the head to read them')
        self.convs = self._conv_stack(in_channels['shared'], feat_channels,
                                      num_convs)
        self.private_convs = nn.ModuleDict({
            task: self._conv_stack(
                in_channels.get(task, in_channels['shared']), n, num_convs)
            for task, n in self.private_channels.items()})
        self.det_channels = 5 + num_det_classes
        self.out_channels = (self.det_channels + num_seg_classes +
                             num_cls_classes)
        #: hidden channels of the shared block and of each private block
        self._blocks = dict(shared=slice(0, feat_channels))
        start = feat_channels
        for task, n in self.private_channels.items():
            self._blocks[task] = slice(start, start + n)
            start += n
        hidden = feat_channels + sum(self.private_channels.values())
        self.out_conv = nn.Conv2d(hidden, self.out_channels, 1)
        if self.private_channels:
            self.register_buffer('out_mask', self._out_mask(feat_channels),
                                 persistent=False)
        self.loss_box = MODELS.build(loss_box)
        self.loss_conf = MODELS.build(loss_conf)
        self.loss_det_cls = MODELS.build(loss_det_cls)
        self.loss_seg = MODELS.build(loss_seg)
        self.loss_cls = MODELS.build(loss_cls)

    @staticmethod
    def _conv_stack(in_channels, channels, num_convs):
        layers, c = [], in_channels
        for _ in range(num_convs):
            layers += [nn.Conv2d(c, channels, 3, padding=1, bias=False),
                       nn.BatchNorm2d(channels), nn.ReLU(inplace=True)]
            c = channels
        return nn.Sequential(*layers)

    def task_slices(self) -> Dict[str, slice]:
        """Output channels of each task in the unified tensor."""
        d, s = self.det_channels, self.num_seg_classes
        return dict(det=slice(0, d), seg=slice(d, d + s),
                    cls=slice(d + s, self.out_channels))

    def _out_mask(self, feat_channels):
        """[out, hidden, 1, 1]: which hidden channels each output reads."""
        mask = torch.zeros(self.out_conv.weight.shape)
        for task, rows in self.task_slices().items():
            mask[rows, self._blocks.get(task, self._blocks['shared'])] = 1
        return mask

    def init_weights(self):
        super().init_weights()
        nn.init.normal_(self.out_conv.weight, std=0.01)
        nn.init.zeros_(self.out_conv.bias)
        with torch.no_grad():
            self.out_conv.bias[4:self.det_channels] = PRIOR_LOGIT

    # ------------------------------------------------------------------
    def forward(self, x: Union[torch.Tensor, Dict[str, torch.Tensor]],
                tasks: Optional[Sequence[str]] = None) -> torch.Tensor:
        """The single unified tensor ``[B, out_channels, h, w]``.

        ``x``: the neck's map, or its maps by task (``shared`` and the
        asked-for tasks' own). ``tasks``: the tasks whose logits will be
        read (default: all). A task's private block runs only when that
        task is asked for: nothing else reads it, so the others skip its
        cost, and its BatchNorm statistics see only its own images. The
        skipped task's channels then hold just the output bias.
        """
        inputs = x if isinstance(x, dict) else dict(shared=x)
        if not self.private_channels:
            return self.out_conv(self.convs(inputs['shared']))
        feats, cols = [self.convs(inputs['shared'])], [self._blocks['shared']]
        for task, m in self.private_convs.items():
            if tasks is None or task in tasks:
                feats.append(m(inputs.get(task, inputs['shared'])))
                cols.append(self._blocks[task])
        weight = self.out_conv.weight * self.out_mask
        if len(cols) < len(self._blocks):  # only the computed blocks' columns
            weight = torch.cat([weight[:, c] for c in cols], 1)
        return F.conv2d(torch.cat(feats, 1), weight, self.out_conv.bias)

    def unflip(self, out: torch.Tensor, width: int) -> torch.Tensor:
        """The unified tensor of a horizontally flipped input, in the
        unflipped image's frame: cells mirrored, box x offsets negated."""
        if width % self.stride:
            raise ValueError(f'flip test: input width {width} is not a '
                             f'multiple of the stride {self.stride}')
        out = out.flip(-1)
        out[:, 0] = -out[:, 0]  # tx
        return out

    def split(self, out: torch.Tensor) -> Dict[str, torch.Tensor]:
        """Split the unified tensor by channel into the three tasks."""
        parts = {task: out[:, rows]
                 for task, rows in self.task_slices().items()}
        parts['cls'] = self.pool_cls(parts['cls'])
        return parts

    def pool_cls(self, cls: torch.Tensor) -> torch.Tensor:
        """``[B, C_cls, h, w]`` -> ``[B, C_cls]`` by ``cls_pooling``."""
        if self.cls_pooling == 'avg':
            return cls.mean((2, 3))
        peak = cls.amax((2, 3))
        return peak if self.cls_pooling == 'max' else (
            cls.mean((2, 3)) + peak) / 2

    # ------------------------------------------------------------------
    def loss(self, out: torch.Tensor, samples: List, task: str,
             input_shape) -> Dict[str, torch.Tensor]:
        parts = self.split(out)
        if task == 'det':
            return self.loss_det(parts['det'], samples)
        if task == 'seg':
            target = torch.cat([s.gt_sem_seg.data for s in samples]).to(
                out.device)
            size = tuple(int(round(d * self.seg_loss_scale))
                         for d in input_shape)
            if size != tuple(target.shape[-2:]):  # nearest: labels stay
                target = F.interpolate(target[:, None].float(), size=size,
                                       mode='nearest')[:, 0].long()
            logits = F.interpolate(parts['seg'], size=size,
                                   mode='bilinear', align_corners=False)
            return dict(loss_seg=self.loss_seg(logits, target))
        if task == 'cls':  # soft labels where a batch augment mixed them
            target = (torch.stack([s.gt_score for s in samples])
                      if 'gt_score' in samples[0] else
                      torch.cat([s.gt_label for s in samples])).to(out.device)
            return dict(loss_cls=self.loss_cls(parts['cls'], target))
        raise ValueError(f'unknown task {task!r}')

    def loss_det(self, det: torch.Tensor, samples: List):
        b, _, h, w = det.shape
        centers = grid_centers(h, w, self.stride, det.device, torch.float32)
        det = det.float().flatten(2).transpose(1, 2)  # [B, N, 5 + C]
        boxes = decode_boxes(det[..., :4], centers, self.stride)
        conf_t = det.new_zeros(b, h * w)
        conf_w = det.new_ones(b, h * w)
        pos_pred, pos_gt, pos_cls, pos_lbl = [], [], [], []
        for i, s in enumerate(samples):
            gt = s.gt_instances.bboxes.to(det.device).float()
            labels = s.gt_instances.labels.to(det.device)
            assigned = center_sampling_assign(centers, gt, self.stride,
                                              self.det_cfg['radius'])
            pos = assigned >= 0
            if 'ignored_instances' in s:
                ign = inside_any(centers,
                                 s.ignored_instances.bboxes.to(det.device))
                conf_w[i][ign & ~pos] = 0
            if pos.any():
                pb, gb = boxes[i][pos], gt[assigned[pos]]
                conf_t[i][pos] = aligned_iou(pb.detach(), gb).clamp(min=1e-2)
                pos_pred.append(pb)
                pos_gt.append(gb)
                pos_cls.append(det[i][pos][:, 5:])
                pos_lbl.append(labels[assigned[pos]])
        num_pos = max(float(sum(len(p) for p in pos_pred)), 1.0)
        loss_conf = self.loss_conf(det[..., 4], conf_t, conf_w,
                                   avg_factor=num_pos)
        if pos_pred:
            pred, gt = torch.cat(pos_pred), torch.cat(pos_gt)
            cls_logits = torch.cat(pos_cls)
            onehot = F.one_hot(torch.cat(pos_lbl),
                               self.num_det_classes).float()
            if self.det_cfg['box_weight'] == 'uniform':
                box_w = torch.ones_like(pred[:, 0])
            else:  # 'iou': well-placed boxes count more
                box_w = aligned_iou(pred.detach(), gt).clamp(min=0.1)
            loss_box = self.loss_box(pred, gt, box_w,
                                     avg_factor=box_w.sum().clamp(min=1))
            loss_cls = self.loss_det_cls(cls_logits, onehot,
                                         avg_factor=num_pos)
        else:  # keep every parameter in the graph
            loss_box = det[..., :4].sum() * 0.0
            loss_cls = det[..., 5:].sum() * 0.0
        return dict(loss_conf=loss_conf, loss_box=loss_box,
                    loss_det_cls=loss_cls)

    # ------------------------------------------------------------------
    @torch.no_grad()
    def predict(self, out: torch.Tensor, samples: List, tasks, input_shape):
        """Write ``pred_instances`` / ``pred_sem_seg`` / ``pred_score`` into
        the samples, in original image coordinates."""
        # contiguous fp32: a channels_last or bf16 output makes the
        # upsampling and argmax below several times slower on a CPU
        parts = self.split(out.float().contiguous())
        if 'det' in tasks:
            self.predict_det(parts['det'], samples)
        if 'seg' in tasks:
            logits = F.interpolate(parts['seg'], size=input_shape,
                                   mode='bilinear', align_corners=False)
            for lg, s in zip(logits, samples):
                # max(0).indices == argmax(0) (first maximum), 4x faster on
                # a CPU for [C, H, W]
                s.pred_sem_seg = PixelData(
                    data=self._seg_to_original(lg, s).max(0).indices[None])
        if 'cls' in tasks:
            for score, s in zip(parts['cls'].softmax(-1), samples):
                s.pred_score = score
        return samples

    def predict_det(self, det, samples):
        b, _, h, w = det.shape
        centers = grid_centers(h, w, self.stride, det.device, torch.float32)
        det = det.flatten(2).transpose(1, 2)
        boxes = decode_boxes(det[..., :4], centers, self.stride)
        cfg = self.det_cfg
        for i, s in enumerate(samples):
            bb, sc, lb = postprocess(boxes[i], det[i, :, 4], det[i, :, 5:],
                                     cfg['score_thr'], cfg['nms_pre'],
                                     cfg['iou_thr'], cfg['max_per_img'])
            meta = s.metainfo
            if 'scale_factor' in meta and 'ori_shape' in meta:
                bb = rescale_boxes(bb, meta['scale_factor'],
                                   meta['ori_shape'])
            s.pred_instances = InstanceData(bboxes=bb, scores=sc, labels=lb)

    @staticmethod
    def _seg_to_original(logits, sample):
        """Crop the letterbox padding and resize logits to the original."""
        meta = sample.metainfo
        if 'ori_shape' not in meta or 'scale_factor' not in meta:
            return logits
        oh, ow = meta['ori_shape'][:2]
        sx, sy = meta['scale_factor']
        vh = min(int(round(oh * sy)), logits.shape[-2])
        vw = min(int(round(ow * sx)), logits.shape[-1])
        valid = logits[None, :, :vh, :vw]
        return F.interpolate(valid, size=(oh, ow), mode='bilinear',
                             align_corners=False)[0]
