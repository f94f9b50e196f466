"""Start a compressing convolution at the principal components of its input.

A 1x1 lateral that maps the backbone's 1280 channels to the neck's 96 keeps
only what the first task's gradients shaped it to keep. Set to the 96
leading principal directions of its input instead (computed on the first
task's images only) and frozen, it keeps the most of every backbone feature
that a linear map of that width can: what a later task needs is more
likely to pass through it.
"""
import copy
from typing import Sequence

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
        signed: rows as (directions, negated directions); ``out_channels``
            must then be even.
    """

    priority = 'NORMAL'
    training_only = True

    def __init__(self, layers: Sequence[str], dataset: dict,
                 num_samples: int = 64, max_cols: int = 2048,
                 batch_size: int = 4, seed: int = 0, signed: bool = False):
        if not layers:
            raise ValueError('PrincipalComponentInitHook: no layers given')
        self.layers = tuple(layers)
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
            dim = conv.weight[0].numel()
            if self.signed and conv.out_channels % 2:
                raise ValueError(
                    f'PrincipalComponentInitHook: {name} has '
                    f'{conv.out_channels} outputs; signed pairs need an '
                    'even number')
            if self.directions(conv) > dim:
                raise ValueError(
                    f'PrincipalComponentInitHook: {name} has '
                    f'{conv.out_channels} outputs but its patches only '
                    f'{dim} dimensions')
            convs[name] = conv
        return convs

    def directions(self, conv) -> int:
        return conv.out_channels // 2 if self.signed else conv.out_channels

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
            rows = principal_directions(m['xxT'], m['x'], m['n'],
                                        self.directions(conv))
            if self.signed:
                rows = torch.cat([rows, -rows])
            conv.weight.copy_(rows.view_as(conv.weight))
        runner.logger.info(
            f'PrincipalComponentInitHook: {", ".join(convs)} set to the '
            f'leading principal directions of their inputs'
            f'{" (with both signs)" if self.signed else ""} on '
            f'{min(self.num_samples, len(dataset))} images')
