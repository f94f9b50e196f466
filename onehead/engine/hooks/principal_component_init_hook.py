"""Start a compressing convolution at the principal components of its input.

A 1x1 lateral that maps the backbone's 1280 channels to the neck's 96 keeps
only what the first task's gradients shaped it to keep. Set to the 96
leading principal directions of its input instead (computed on the first
task's images only) and frozen, it keeps the most of every backbone feature
that a linear map of that width can: what a later task needs is more
likely to pass through it.
"""
import copy
from typing import Dict, Optional, Sequence

import torch
from mmengine.hooks import Hook

from onehead.registry import DATASETS, HOOKS
from onehead.utils import unwrap
from .gradient_projection_hook import patch_moments


def principal_directions(xxT: torch.Tensor, x: torch.Tensor, n: int,
                         k: int) -> torch.Tensor:
    """``[k, d]``: the ``k`` leading eigenvectors (as rows, by falling
    variance) of the covariance of ``n`` vectors with sums ``x`` and
    ``xxT``."""
    mean = x.double() / n
    cov = xxT.double() / n - torch.outer(mean, mean)
    _, vectors = torch.linalg.eigh((cov + cov.T) / 2)
    return vectors.flip(1)[:, :k].T.float().contiguous()


@HOOKS.register_module()
class PrincipalComponentInitHook(Hook):
    """Set each of ``layers`` (convolutions, by name) to the leading
    principal directions of the input patches it reads on ``dataset``.

    Runs once, before the first iteration of a training from iteration 0
    (a resumed run keeps its checkpoint's weights). The layers are set in
    the order given, each from the inputs that the ones before it produce
    once set (list them from input to output). Row ``i`` of the weight
    becomes the ``i``-th principal direction; the BatchNorm that follows
    scales each to unit variance. Freeze the layers with the model's
    ``frozen`` to keep them there.

    With ``signed``, the rows come in pairs: the ``out_channels // 2``
    leading directions, then the same directions negated. A ReLU after the
    layer keeps only the positive side of a direction, half of what it
    carries about an image; with both signs, ``relu(v) - relu(-v)`` gives it
    back whole, so the next layer (and a linear classifier of the pooled
    map) reads each direction as the layer computed it.

    Args:
        layers: convolution names (``'neck.laterals.2.0'``), each with no
            more output channels than its patches have dimensions (twice
            as many with ``signed``).
        dataset: images of the stage's task (a dataset config).
        num_samples: images whose patches give the covariance.
        max_cols: patches drawn per image and layer.
        signed: rows as (directions, negated directions); the rows set
            must then be even in number.
        rows: for some of ``layers``, how many leading output channels to
            set (the rest keep their weights and go on learning): a layer
            that continues the path on part of its width. Keep those rows
            with :class:`FrozenRowsHook`.
        inputs: for some of ``layers``, how many leading input channels the
            rows set read (their weights on the other inputs become zero):
            a path kept on the leading channels of a map whose trailing
            channels learn (``SingleFPN(lateral_channels=...)``) reads
            only itself.
    """

    priority = 'NORMAL'
    training_only = True

    def __init__(self, layers: Sequence[str], dataset: dict,
                 num_samples: int = 64, max_cols: int = 2048,
                 batch_size: int = 4, seed: int = 0, signed: bool = False,
                 rows: Optional[Dict[str, int]] = None,
                 inputs: Optional[Dict[str, int]] = None):
        if not layers:
            raise ValueError('PrincipalComponentInitHook: no layers given')
        self.layers = tuple(layers)
        self.rows = dict(rows or {})
        self.inputs = dict(inputs or {})
        for what, given in (('rows', self.rows), ('inputs', self.inputs)):
            unknown = set(given) - set(self.layers)
            if unknown:
                raise ValueError(f'PrincipalComponentInitHook: {what} given '
                                 f'for {sorted(unknown)}, which are not in '
                                 'layers')
        self.dataset = dataset
        self.num_samples = num_samples
        self.max_cols = max_cols
        self.batch_size = batch_size
        self.seed = seed
        self.signed = signed

    def convs(self, model) -> dict:
        convs = {}
        for name in self.layers:
            conv = model.get_submodule(name)
            if not isinstance(conv, torch.nn.Conv2d) or conv.groups != 1:
                raise ValueError(f'PrincipalComponentInitHook: {name} is '
                                 'not a dense convolution')
            inputs = self.inputs.get(name, conv.in_channels)
            if not 0 < inputs <= conv.in_channels:
                raise ValueError(
                    f'PrincipalComponentInitHook: {name} has '
                    f'{conv.in_channels} inputs; cannot read {inputs}')
            dim = conv.weight[0, :inputs].numel()
            rows = self.rows.get(name, conv.out_channels)
            if not 0 < rows <= conv.out_channels:
                raise ValueError(
                    f'PrincipalComponentInitHook: {name} has '
                    f'{conv.out_channels} outputs; cannot set {rows} rows')
            if self.signed and rows % 2:
                raise ValueError(
                    f'PrincipalComponentInitHook: {name} sets {rows} rows; '
                    'signed pairs need an even number')
            if self.directions(name, conv) > dim:
                raise ValueError(
                    f'PrincipalComponentInitHook: {name} sets {rows} rows '
                    f'but its patches only have {dim} dimensions')
            convs[name] = conv
        return convs

    def directions(self, name: str, conv) -> int:
        rows = self.rows.get(name, conv.out_channels)
        return rows // 2 if self.signed else rows

    @torch.no_grad()
    def before_train(self, runner) -> None:
        if runner.iter > 0:
            return
        model = unwrap(runner.model)
        convs = self.convs(model)
        dataset = DATASETS.build(copy.deepcopy(self.dataset))
        for name, conv in convs.items():
            m = patch_moments(model, {name: conv}, dataset, self.num_samples,
                              self.max_cols, self.batch_size,
                              self.seed)[name]
            inputs = self.inputs.get(name, conv.in_channels)
            dim = conv.weight[0, :inputs].numel()  # leading of the patch
            rows = principal_directions(m['xxT'][:dim, :dim], m['x'][:dim],
                                        m['n'], self.directions(name, conv))
            if self.signed:
                rows = torch.cat([rows, -rows])
            conv.weight[:len(rows)] = 0
            conv.weight[:len(rows), :inputs].copy_(
                rows.view_as(conv.weight[:len(rows), :inputs]))
        names = [name + ''.join(
            f' ({what} :{given[name]})' for what, given in
            (('rows', self.rows), ('inputs', self.inputs)) if name in given)
            for name in convs]
        runner.logger.info(
            f'PrincipalComponentInitHook: {", ".join(names)} set to the '
            f'leading principal directions of their inputs'
            f'{" (with both signs)" if self.signed else ""} on '
            f'{min(self.num_samples, len(dataset))} images')
