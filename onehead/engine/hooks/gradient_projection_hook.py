"""Gradient projection memory (GPM, Saha et al., ICLR 2021).

A shared convolution computes ``W x`` on unfolded input patches ``x``. If a
later task changes ``W`` only by ``dW`` with ``dW x = 0`` for the earlier
tasks' patches, their outputs of that layer stay as they were. GPM keeps,
per layer, an orthonormal basis ``M`` of the subspace that the earlier
tasks' patches span (up to an energy fraction) and restricts every later
update to its orthogonal complement: ``dW <- dW - dW M M^T``.
"""
import copy
from typing import Dict, List, Optional, Sequence, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.dataset import pseudo_collate
from mmengine.hooks import Hook

from onehead.registry import DATASETS, HOOKS
from onehead.utils import unwrap
from .task_data import new_tasks


def patch_matrix(x: torch.Tensor, conv: nn.Conv2d, max_cols: int,
                 generator: torch.Generator) -> torch.Tensor:
    """``[C_in * kh * kw, N]``: the input patches a convolution reads (in
    the order of ``conv.weight.flatten(1)``), at most ``max_cols`` of them
    per call, drawn at random positions."""
    cols = F.unfold(x.float(), conv.kernel_size, conv.dilation, conv.padding,
                    conv.stride)  # [B, d, L]
    cols = cols.transpose(0, 1).flatten(1)  # [d, B * L]
    if cols.shape[1] > max_cols:
        idx = torch.randperm(cols.shape[1], generator=generator)[:max_cols]
        cols = cols[:, idx]
    return cols


@torch.no_grad()
def patch_moments(model, convs: Dict[str, nn.Conv2d], dataset,
                  num_samples: int, max_cols: int = 2048,
                  batch_size: int = 4, seed: int = 0
                  ) -> Dict[str, Dict[str, torch.Tensor]]:
    """``{name: dict(xxT=sum x x^T, x=sum x, n=count)}`` of the input
    patches (:func:`patch_matrix`) that each of ``convs`` reads on the first
    ``num_samples`` images of ``dataset`` (model in eval mode)."""
    moments: Dict[str, Dict[str, torch.Tensor]] = {}
    gen = torch.Generator().manual_seed(seed)

    def hook_for(name, conv):
        def hook(module, args):
            cols = patch_matrix(args[0], conv, max_cols, gen)
            m = moments.setdefault(name, dict(xxT=0, x=0, n=0))
            m['xxT'] = m['xxT'] + cols @ cols.T
            m['x'] = m['x'] + cols.sum(1)
            m['n'] = m['n'] + cols.shape[1]
        return hook

    handles = [c.register_forward_pre_hook(hook_for(n, c))
               for n, c in convs.items()]
    was_training = model.training
    model.eval()
    try:
        n = min(num_samples, len(dataset))
        for start in range(0, n, batch_size):
            items = [dataset[i] for i in
                     range(start, min(start + batch_size, n))]
            data = model.data_preprocessor(pseudo_collate(items), False)
            model(data['inputs'], mode='tensor')
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    return moments


def extend_basis(basis: Optional[torch.Tensor], cov: torch.Tensor,
                 threshold: float) -> torch.Tensor:
    """GPM's update: the fewest new directions (eigenvectors of the patch
    covariance left outside ``basis``) with which ``basis`` holds
    ``threshold`` of the new patches' energy (``trace(cov)``)."""
    cov = cov.double()
    total = torch.trace(cov).clamp(min=1e-30)
    if basis is not None and basis.shape[1]:
        b = basis.double()
        proj = torch.eye(cov.shape[0], dtype=cov.dtype) - b @ b.T
        held = total - torch.trace(proj @ cov @ proj)
        cov = proj @ cov @ proj
    else:
        b, held = None, torch.zeros((), dtype=cov.dtype)
    values, vectors = torch.linalg.eigh((cov + cov.T) / 2)
    values, vectors = values.flip(0).clamp(min=0), vectors.flip(1)
    energy = (held + torch.cumsum(values, 0)) / total
    if held / total >= threshold:
        k = 0
    else:
        k = int(torch.searchsorted(energy, torch.tensor(
            threshold, dtype=energy.dtype)).item()) + 1
        k = min(k, cov.shape[0] - (0 if b is None else b.shape[1]))
    new = vectors[:, :k]
    out = new if b is None else torch.cat([b, new], 1)
    # re-orthonormalise: the new vectors are orthogonal to the old basis
    # only up to rounding
    q, _ = torch.linalg.qr(out)
    return q.float().contiguous()


@HOOKS.register_module()
class GradientProjectionHook(Hook):
    """Update the shared convolutions only where earlier tasks do not look.

    At the start of a stage, each earlier task in ``tasks`` whose basis is
    not in the loaded checkpoint gets one: its images go through the loaded
    model (the end of that task's stage) and every protected convolution's
    input patches extend that layer's basis (:func:`extend_basis`); a
    protected layer that the loaded bases lack gets the earlier tasks'
    bases the same way (:meth:`fill_missing`). Then
    every gradient of a protected convolution is projected onto the
    complement of the basis during backward (so the optimizer's moments see
    only free directions), and after each optimizer step the weight's
    change is projected again: AdamW's per-element scaling and weight decay
    do not keep a projected gradient's direction, the projected change
    keeps the earlier tasks' layer outputs exactly.

    The projection holds the earlier tasks' outputs only if what the layers
    read and what follows them stays as it was: the backbone frozen, and
    every BatchNorm of the protected modules fixed: this hook keeps them in
    eval mode (running statistics) and freezes their affine weights. The
    output 1x1 conv is not protected: its rows are per task, and an earlier
    task's rows get no gradient from a new task's loss.

    Args:
        tasks: ``{task: dict(dataset=<cfg>, num_samples=N)}``: the earlier
            tasks and the images whose patches span their subspaces.
        threshold: energy fraction kept per task (a float for all, or a
            dict per task): 0.97 keeps the directions holding 97% of the
            patches' squared norm.
        layer_threshold: ``{module prefix: fraction}`` in place of
            ``threshold`` for the convolutions under that prefix (the
            longest prefix wins), e.g. ``{'backbone': 0.9}``: a pretrained
            backbone's layers keep less of the earlier tasks' energy and
            leave the new task more room than the neck and head.
        modules: the shared modules whose convolutions are protected.
        exclude: convolutions left free (the per-task output rows).
        max_cols: patches drawn per image and layer for the covariance.
        batch_size: images per forward while collecting.
    """

    priority = 'NORMAL'
    #: nothing to do outside training (tools/test.py leaves it out)
    training_only = True

    def __init__(self, tasks: Dict[str, dict],
                 threshold: Union[float, Dict[str, float]] = 0.97,
                 layer_threshold: Optional[Dict[str, float]] = None,
                 modules: Sequence[str] = ('neck', 'head'),
                 exclude: Sequence[str] = ('head.out_conv', ),
                 max_cols: int = 2048, batch_size: int = 4, seed: int = 0):
        self.tasks = tasks
        self.threshold = threshold
        self.layer_threshold = dict(layer_threshold or {})
        for prefix, t in self.layer_threshold.items():
            if not 0 < t <= 1:
                raise ValueError(f'GradientProjectionHook: layer_threshold '
                                 f'{prefix!r}: {t} is not an energy '
                                 'fraction in (0, 1]')
        self.modules = tuple(modules)
        self.exclude = tuple(exclude)
        self.max_cols = max_cols
        self.batch_size = batch_size
        self.seed = seed
        #: layer name -> orthonormal basis [d, k] of the earlier tasks
        self.bases: Dict[str, torch.Tensor] = {}
        #: the tasks the bases hold, in the order they were added
        self.done: List[str] = []
        self._handles = []
        self._convs: Dict[str, nn.Conv2d] = {}
        self._before: Dict[str, torch.Tensor] = {}
        #: grouped convolutions in ``modules``, left free (``protected``)
        self.grouped: List[str] = []

    # -- state ---------------------------------------------------------
    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        saved = checkpoint.get('gradient_projection')
        if saved:
            self.bases = dict(saved['bases'])
            self.done = list(saved['tasks'])

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint['gradient_projection'] = dict(
            bases={k: v.cpu() for k, v in self.bases.items()},
            tasks=list(self.done))

    # -- which layers --------------------------------------------------
    def protected(self, model) -> Dict[str, nn.Conv2d]:
        """The protected convolutions by name. Grouped (depthwise)
        convolutions are left free: each group reads its own slice of the
        input, which one basis over the whole input's patches does not
        describe (``grouped`` names them)."""
        convs, self.grouped = {}, []
        for root in self.modules:
            for name, m in model.get_submodule(root).named_modules():
                full = f'{root}.{name}' if name else root
                if not isinstance(m, nn.Conv2d) or any(
                        full == e or full.startswith(e + '.')
                        for e in self.exclude):
                    continue
                if m.groups != 1:
                    self.grouped.append(full)
                    continue
                convs[full] = m
        if not convs:
            raise ValueError(f'GradientProjectionHook: no convolution in '
                             f'{self.modules} (excluding {self.exclude}'
                             + (f'; grouped, left free: {self.grouped}'
                                if self.grouped else '') + ')')
        return convs

    def _threshold(self, task: str, layer: Optional[str] = None) -> float:
        """The energy fraction kept of ``task``'s patches on ``layer``."""
        prefixes = [p for p in self.layer_threshold
                    if layer is not None and (layer == p or
                                              layer.startswith(p + '.'))]
        if prefixes:
            return float(self.layer_threshold[max(prefixes, key=len)])
        if isinstance(self.threshold, dict):
            return float(self.threshold[task])
        return float(self.threshold)

    # -- bases ---------------------------------------------------------
    def collect(self, model, dataset, num_samples: int,
                convs: Optional[Dict[str, nn.Conv2d]] = None
                ) -> Dict[str, torch.Tensor]:
        """Patch covariance ``sum x x^T`` of every protected layer (or of
        ``convs``) over ``num_samples`` images of ``dataset`` (model in
        eval mode)."""
        moments = patch_moments(model, convs or self.protected(model),
                                dataset, num_samples, self.max_cols,
                                self.batch_size, self.seed)
        return {name: m['xxT'] for name, m in moments.items()}

    def extend(self, model, task: str, dataset, num_samples: int,
               convs: Optional[Dict[str, nn.Conv2d]] = None) -> None:
        """Extend the bases of the protected layers (or of ``convs``) by
        ``task``'s patches."""
        covs = self.collect(model, dataset, num_samples, convs)
        for name, cov in covs.items():
            self.bases[name] = extend_basis(self.bases.get(name), cov,
                                            self._threshold(task, name))

    def add_task(self, model, task: str, dataset, num_samples: int):
        self.extend(model, task, dataset, num_samples)
        self.done.append(task)

    def fill_missing(self, model) -> List[str]:
        """Give the protected layers that the loaded bases lack every
        earlier task's basis, in the order the tasks were added; their
        images go through the loaded model. A stage that protects layers
        the earlier stages did not (the backbone's, say) would otherwise
        let those layers learn unprojected. Returns the layers filled."""
        missing = {n: c for n, c in self.protected(model).items()
                   if n not in self.bases}
        if not missing or not self.done:
            return []
        for task in self.done:
            if task not in self.tasks:
                raise ValueError(
                    f'GradientProjectionHook: the loaded bases hold {task} '
                    f'but not on {sorted(missing)}, and tasks gives no '
                    f'dataset of {task} to collect them from')
            cfg = self.tasks[task]
            self.extend(model, task,
                        DATASETS.build(copy.deepcopy(cfg['dataset'])),
                        cfg.get('num_samples', 64), missing)
        return sorted(missing)

    def ranks(self) -> Dict[str, str]:
        """``rank/dim`` of each layer's basis (logged)."""
        return {n: f'{b.shape[1]}/{b.shape[0]}' for n, b in self.bases.items()}

    # -- training ------------------------------------------------------
    def before_train(self, runner) -> None:
        model = unwrap(runner.model)
        filled = self.fill_missing(model)
        if filled:
            runner.logger.info(
                f'GradientProjectionHook: bases of {self.done} collected '
                f'on the layers the loaded ones lacked: {filled}')
        for task, cfg, dataset in new_tasks(self.tasks, self.done):
            self.add_task(model, task, dataset, cfg.get('num_samples', 64))
            runner.logger.info(
                f'GradientProjectionHook: basis of {task} at threshold '
                f'{self._threshold(task)}'
                + (f' ({self.layer_threshold} on those layers)'
                   if self.layer_threshold else '')
                + f'; rank/dim per layer {self.ranks()}')
        self.attach(model)
        learning = self.grouped_learning(model)
        if learning:
            runner.logger.warning(
                f'GradientProjectionHook: {len(learning)} grouped '
                f'convolutions learn unprojected: {learning}')

    def grouped_learning(self, model) -> List[str]:
        """The grouped convolutions left free (``grouped``) whose weights
        learn: those that a config freezes move nothing unprojected."""
        self.protected(model)
        return [n for n in self.grouped
                if model.get_submodule(n).weight.requires_grad]

    def attach(self, model) -> None:
        """Freeze the protected modules' norm layers and project the
        protected convolutions' gradients from now on."""
        self.detach()
        for m in self.norms(model):
            for p in m.parameters():
                p.requires_grad = False
        self._convs = {n: c for n, c in self.protected(model).items()
                       if n in self.bases and c.weight.requires_grad}
        for name, conv in self._convs.items():
            basis = self.bases[name].to(conv.weight.device)
            self.bases[name] = basis
            self._handles.append(conv.weight.register_hook(
                lambda g, b=basis: self.project(g, b)))

    def detach(self) -> None:
        for h in self._handles:
            h.remove()
        self._handles = []

    @staticmethod
    def project(delta: torch.Tensor, basis: torch.Tensor) -> torch.Tensor:
        """``delta`` without its components in the basis's span (on the
        input side of the flattened weight)."""
        flat = delta.flatten(1)
        b = basis.to(flat.dtype)
        return (flat - (flat @ b) @ b.T).view_as(delta)

    def norms(self, model) -> List[nn.Module]:
        """The protected modules' normalisation layers."""
        return [m for root in self.modules
                for m in model.get_submodule(root).modules()
                if isinstance(m, nn.modules.batchnorm._BatchNorm)]

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        # the loop puts the model in training mode at every epoch start
        for m in self.norms(unwrap(runner.model)):
            m.eval()
        self._before = {n: c.weight.detach().clone()
                        for n, c in self._convs.items()}

    @torch.no_grad()
    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs=None) -> None:
        for name, conv in self._convs.items():
            old = self._before[name]
            conv.weight.copy_(old + self.project(conv.weight - old,
                                                 self.bases[name]))

    def after_train(self, runner) -> None:
        self.detach()
