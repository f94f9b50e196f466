"""The model: backbone -> neck -> UnifiedHead, routed by each sample's task."""
from collections import defaultdict
from typing import Optional, Sequence, Union

import torch
from mmengine.model import BaseModel

from onehead.registry import MODELS
from onehead.structures import TASKS
from .data_preprocessor import group_by_shape, split_by_task
from .losses.task_balancers import FixedTaskWeights


@MODELS.register_module()
class MultiTaskModel(BaseModel):
    """One model for detection, segmentation and classification.

    Modes (mmengine): ``loss`` computes only the losses of the tasks
    present in the batch (a mixed batch gives the sum of its tasks'
    losses, each task weighted by ``task_weights``); ``predict`` decodes
    each sample's own task (or all three for ``task='all'``) into its
    data sample; ``tensor`` returns the single unified head tensor.

    Samples are grouped by image shape and each shape group runs one
    forward, whatever tasks it mixes (replayed samples share the batch's
    BatchNorm statistics); tasks may use different input sizes. Each task's
    loss is computed on its own samples' slice of the output.

    Continual-learning hooks add terms to the loss with
    ``model.add_loss_term(name, fn)`` (and take them away with
    ``remove_loss_term``); ``fn(model, groups)`` gets the batch's
    ``(tasks, inputs, unified_output, samples)`` shape groups and returns a
    dict of losses (EWC's penalty, LwF's distillation, DER's matching).

    Args:
        task_weights: fixed per-task loss weights (shorthand for
            ``loss_balancer=dict(type='FixedTaskWeights', weights=...)``).
        loss_balancer: how the tasks of a batch are weighted: fixed,
            learned (softmax/sigmoid) or uncertainty weighting; the weights
            are logged as ``weight.<task>``.
        autocast: ``None`` (fp32) or ``'bfloat16'``/``'float16'``: run the
            forward under ``torch.autocast`` on the input's device; losses
            and decoding stay fp32.
        frozen: what gets no gradient, by role (:meth:`parts`):
            ``'shared'`` (every weight all tasks read: the backbone, neck
            and head layers without the task-private ones) or a task
            (``'det'``: the parts only that task reads), or a component
            (``'backbone'``, whole). A backbone freezes its early stages
            with ``frozen_stages``.
        norm_eval: keep BatchNorm statistics fixed (layers in eval mode,
            their affine weights still learn). ``True``: those of the
            frozen parts (and of the backbone's frozen stages); a list of
            roles or submodules (``['shared']``): those. A later stage that
            mixes replayed 512x512 images with 224x224 ones needs this:
            each shape group is normalised with its own batch statistics in
            training but with one running average at test time.
        test_cfg: ``dict(flip=True)``: test-time horizontal flip. The
            flipped image's unified tensor is flipped back (box ``tx``
            negated) and averaged with the plain one before decoding, so
            every task reads one tensor as before, at twice the cost.
    """

    def __init__(self, backbone: dict, neck: dict, head: dict,
                 data_preprocessor: Optional[dict] = None,
                 task_weights: Optional[dict] = None,
                 loss_balancer: Optional[dict] = None,
                 autocast: Optional[str] = None,
                 frozen: Sequence[str] = (),
                 norm_eval: Union[bool, Sequence[str]] = False,
                 test_cfg: Optional[dict] = None,
                 init_cfg=None):
        if data_preprocessor is None:
            data_preprocessor = dict(type='MultiTaskDataPreprocessor')
        super().__init__(data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        if 'in_channels' not in neck:
            neck = dict(neck, in_channels=self.backbone.out_channels)
        self.neck = MODELS.build(neck)
        if 'in_channels' not in head:
            head = dict(head, in_channels=self.neck.out_channels)
        own_stages = set(getattr(self.backbone, 'private_stages', None) or ())
        unread = own_stages - set(getattr(self.neck, 'private_channels', ()))
        if unread:
            raise ValueError(f'backbone private_stages of {sorted(unread)}: '
                             'only a neck with private_channels for those '
                             'tasks reads them')
        self.head = MODELS.build(head)
        if loss_balancer is None:
            loss_balancer = dict(type='FixedTaskWeights',
                                 weights=task_weights)
        elif task_weights:
            raise ValueError('give task_weights or loss_balancer, not both')
        self.loss_balancer = MODELS.build(loss_balancer)
        self.autocast = autocast
        #: the frozen submodules, roles resolved
        self.frozen = self.parts(*frozen)
        if isinstance(norm_eval, bool):
            norm_eval = self.frozen if norm_eval else ()
        self.norm_eval = self.parts(*norm_eval)
        self._freeze()
        self.test_cfg = dict(flip=False)
        self.test_cfg.update(test_cfg or {})
        # callables, not modules: not saved in checkpoints
        self._loss_terms = {}

    def add_loss_term(self, name: str, fn) -> None:
        """Add ``fn(model, groups) -> dict of losses`` to every training
        loss, its keys logged as ``<name>.<key>``."""
        self._loss_terms[name] = fn

    def remove_loss_term(self, name: str) -> None:
        self._loss_terms.pop(name, None)

    @property
    def loss_terms(self) -> dict:
        """The added loss terms by name (a copy)."""
        return dict(self._loss_terms)

    def parts(self, *roles: str) -> tuple:
        """The submodule paths of ``roles`` (``'shared'``, a task, or a
        submodule path taken as it is), in order, each once."""
        names = []
        for role in roles:
            if role == 'shared':  # out_conv's rows are per task
                found = [f'{part}.{n}' for part in ('backbone', 'neck')
                         for n, _ in getattr(self, part).named_children()
                         if n != 'private'] + ['head.convs']
            elif role in TASKS:
                found = [n for n in (f'backbone.private.{role}',
                                     f'neck.private.{role}',
                                     f'head.private_convs.{role}')
                         if self._has(n)]
            else:
                self.get_submodule(role)  # an unknown name fails here
                found = [role]
            names += [n for n in found if n not in names]
        return tuple(names)

    def _has(self, name: str) -> bool:
        try:
            self.get_submodule(name)
            return True
        except AttributeError:
            return False

    def _freeze(self):
        for name in self.frozen:
            module = self.get_submodule(name)
            for p in module.parameters():
                p.requires_grad = False

    def train(self, mode: bool = True):
        super().train(mode)
        if mode:
            for name in self.norm_eval:
                for m in self.get_submodule(name).modules():
                    if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
                        m.eval()
        return self

    def _autocast(self, x):
        if not self.autocast:
            return torch.autocast(x.device.type, enabled=False)
        return torch.autocast(x.device.type,
                              dtype=getattr(torch, self.autocast))

    def _forward(self, x: torch.Tensor, tasks=None) -> torch.Tensor:
        """The unified tensor; ``tasks`` (default all) lets the head skip
        blocks that only other tasks read."""
        with self._autocast(x):
            # features by task where a task has its own; the parts run
            # only what the asked-for tasks read
            feats = self.backbone(x, tasks)
            out = self.head(self.neck(feats, tasks), tasks)
        return out.float()

    def hidden(self, x: torch.Tensor) -> torch.Tensor:
        """The map the head's output conv reads (its shared layers' output)
        for a batch, under the model's autocast; for a head without
        task-private blocks."""
        if getattr(self.head, 'private_channels', None):
            raise ValueError('hidden(): the head has task-private blocks; '
                             'its output conv reads them beside the shared '
                             'map')
        with self._autocast(x):
            return self.head.convs(self.neck(self.backbone(x)))

    def forward(self, inputs, data_samples: Optional[Sequence] = None,
                mode: str = 'tensor'):
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'tensor':
            if isinstance(inputs, (list, tuple)):
                inputs = torch.stack(list(inputs))
            return self._forward(inputs)
        raise RuntimeError(f'invalid mode {mode!r}; use loss, predict or '
                           'tensor')

    def loss(self, inputs, data_samples) -> dict:
        losses = defaultdict(lambda: 0.0)
        groups, slices = [], []
        for x, samples in group_by_shape(inputs, data_samples):
            by_task = split_by_task(samples)
            for task in by_task:
                if task not in TASKS:
                    path = samples[by_task[task][0]].metainfo.get('img_path')
                    raise ValueError(f'sample {path} has no trainable task '
                                     f'({task!r})')
            # loss terms (LwF, distillation) may read every task's channels
            out = self._forward(x, None if self._loss_terms else
                                tuple(by_task))
            groups.append((tuple(by_task), x, out, samples))
            for task, idx in by_task.items():
                slices.append((task, x.shape[-2:], out[idx],
                               [samples[i] for i in idx]))
        weights, extra = self.loss_balancer(
            list(dict.fromkeys(t for t, *_ in slices)))
        for task, shape, out, samples in slices:
            w = weights[task].to(out.device)
            for k, v in self.head.loss(out, samples, task, shape).items():
                losses[f'{task}.{k}'] = losses[f'{task}.{k}'] + v * w
        if extra is not None:
            losses['balance.loss_reg'] = extra
        fixed = isinstance(self.loss_balancer, FixedTaskWeights)
        if len(weights) > 1 or not fixed:
            for task, w in weights.items():  # logged, not summed
                losses[f'weight.{task}'] = w.detach()
        for name, term in self._loss_terms.items():
            for k, v in term(self, groups).items():
                losses[f'{name}.{k}'] = v
        return dict(losses)

    def predict(self, inputs, data_samples) -> list:
        for x, samples in group_by_shape(inputs, data_samples):
            by_task = split_by_task(samples)
            tasks = None if 'all' in by_task else tuple(by_task)
            out = self._forward(x, tasks)
            if self.test_cfg['flip']:
                out = (out + self.head.unflip(
                    self._forward(x.flip(-1), tasks), x.shape[-1])) / 2
            for task, idx in by_task.items():
                tasks = TASKS if task == 'all' else (task, )
                self.head.predict(out[idx], [samples[i] for i in idx], tasks,
                                  x.shape[-2:])
        return list(data_samples)

    def param_counts(self) -> dict:
        """Parameters per component (the < 8M budget is on the total)."""
        counts = {n: sum(p.numel() for p in getattr(self, n).parameters())
                  for n in ('backbone', 'neck', 'head')}
        counts['total'] = sum(counts.values())
        return counts
