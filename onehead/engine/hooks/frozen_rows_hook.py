"""Keep the leading output channels of a convolution where they are.

A layer may carry a fixed path on part of its width (the rows that
:class:`PrincipalComponentInitHook` set) while its other channels learn.
``requires_grad`` works on whole tensors, and AdamW's weight decay moves a
row even with a zero gradient, so this hook zeroes those rows' gradients
and puts their weights back after every optimizer step. On a convolution
the kept rows are also computed apart, from detached weights, so the
backward pass skips their weight gradient: on a CPU that is the costliest
part of a wide 3x3 conv's backward, and most of it goes when most rows
are kept.
"""
import types
from typing import Dict, Sequence, Union

import torch
import torch.nn as nn
from mmengine.hooks import Hook

from onehead.registry import HOOKS
from onehead.utils import unwrap


def _zero_rows(grad: torch.Tensor, n: int) -> torch.Tensor:
    grad = grad.clone()
    grad[:n] = 0
    return grad


def _conv_forward_kept_rows(self, input, weight, bias):
    """``Conv2d._conv_forward`` with the leading ``self._kept_rows`` output
    channels from detached weights: no weight gradient is computed for
    them. The same sums as one convolution, within float rounding."""
    n, conv = self._kept_rows, type(self)._conv_forward
    kept = conv(self, input, weight[:n].detach(),
                None if bias is None else bias[:n].detach())
    if n == weight.shape[0]:
        return kept
    rest = conv(self, input, weight[n:], None if bias is None else bias[n:])
    return torch.cat([kept, rest], 1)


@HOOKS.register_module()
class FrozenRowsHook(Hook):
    """Freeze ``rows[name]`` leading output channels of each named layer.

    The rows are taken as the model holds them when training starts (after
    a checkpoint is loaded and after hooks of higher priority, such as
    :class:`PrincipalComponentInitHook`, have set them), so a resumed or a
    later stage keeps what the first one fixed.

    Args:
        rows: ``{layer name: number of leading output channels}``; each
            layer has a ``weight`` whose first dimension is its outputs
            (and optionally a ``bias``). For the head's output conv the
            number may be given as tasks (``['det', 'seg']``): the rows of
            those tasks' channels, which must lead the unified tensor, as
            many as the model built for the data at hand has.
    """

    priority = 'LOW'

    def __init__(self, rows: Dict[str, Union[int, Sequence[str]]]):
        if not rows:
            raise ValueError('FrozenRowsHook: no rows given')
        self.rows = dict(rows)
        self.kept: Dict[str, Dict[str, torch.Tensor]] = {}
        self._handles = []

    @staticmethod
    def leading_rows(model, name: str, tasks: Sequence[str]) -> int:
        """How many leading rows ``tasks``' channels of the head fill."""
        slices = model.head.task_slices()
        unknown = set(tasks) - set(slices)
        if unknown:
            raise ValueError(f'FrozenRowsHook: {name}: no task(s) '
                             f'{sorted(unknown)} in the head')
        spans = sorted((slices[t].start, slices[t].stop) for t in tasks)
        stop = 0
        for start, end in spans:
            if start != stop:
                raise ValueError(f'FrozenRowsHook: {name}: the channels of '
                                 f'{list(tasks)} do not lead the head\'s '
                                 'output')
            stop = end
        return stop

    def before_train(self, runner) -> None:
        model = unwrap(runner.model)
        self.rows = {
            name: n if isinstance(n, int) else
            self.leading_rows(model, name, n)
            for name, n in self.rows.items()}
        for name, n in self.rows.items():
            layer = model.get_submodule(name)
            weight = getattr(layer, 'weight', None)
            if not isinstance(weight, torch.Tensor) or \
                    not 0 < n <= weight.shape[0]:
                raise ValueError(
                    f'FrozenRowsHook: {name} has no weight with {n} rows '
                    'to freeze')
            params = {k: p for k, p in (('weight', weight),
                                        ('bias', layer.bias))
                      if isinstance(p, torch.Tensor)}
            self.kept[name] = {k: p.detach()[:n].clone()
                               for k, p in params.items()}
            for p in params.values():
                if p.requires_grad:
                    self._handles.append(p.register_hook(
                        lambda g, n=n: _zero_rows(g, n)))
            if isinstance(layer, nn.Conv2d) and layer.groups == 1:
                # a bound method: a deepcopy of the model (a teacher)
                # binds it to the copy
                layer._kept_rows = n
                layer._conv_forward = types.MethodType(
                    _conv_forward_kept_rows, layer)
        runner.logger.info('FrozenRowsHook: keeps ' + ', '.join(
            f'{k}[:{n}]' for k, n in self.rows.items()))

    @torch.no_grad()
    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        model = unwrap(runner.model)
        for name, kept in self.kept.items():
            layer = model.get_submodule(name)
            for key, value in kept.items():
                getattr(layer, key)[:len(value)].copy_(value)

    def after_train(self, runner) -> None:
        for h in self._handles:
            h.remove()
        self._handles = []
        model = unwrap(runner.model)
        for name in self.rows:
            layer = model.get_submodule(name)
            for key in ('_conv_forward', '_kept_rows'):
                layer.__dict__.pop(key, None)
