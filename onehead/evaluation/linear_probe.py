"""Linear probes: how much of the class labels each layer's features hold.

A multinomial logistic regression on globally pooled features, fitted on
the training images and scored on val, for every backbone level, the neck
and each block of the head. It tells where classification accuracy is lost
(a drifted backbone, a narrow neck, a head tuned to other tasks) without
training anything but a linear layer.
"""
from contextlib import contextmanager
from typing import Dict, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.dataset import pseudo_collate
from torch.utils.data import DataLoader


def neck_taps(neck) -> Tuple[Dict[str, nn.Module], Dict[str, nn.Module]]:
    """The points inside a one-FPN-layer neck that are probed too, as
    ``(read at the module's output, read at its input)``: each shared
    lateral's output (``neck.lateral.<i>``, before the levels are summed)
    and the fusing conv's input (``neck.fuse.input``: the summed laterals
    after their ReLU). Where a narrow lateral loses what a later task
    needs, these say so."""
    outputs = {f'neck.lateral.{i}': m
               for i, m in enumerate(getattr(neck, 'laterals', ()))}
    fuse = getattr(neck, 'fuse', None)
    return outputs, ({'neck.fuse.input': fuse} if fuse is not None else {})


@contextmanager
def silenced(model: nn.Module, names: Sequence[str]):
    """Within the block, each named module outputs zeros: probed again
    so, a model says how much classification loses to what those modules
    add to the map it reads (e.g. the seg-trained stride-8/16 laterals
    summed into a frozen path's channels)."""
    modules = dict(model.named_modules())
    unknown = [n for n in names if n not in modules]
    if unknown:
        raise ValueError(f'cannot silence {unknown}: the model has no such '
                         'module (names as in model.named_modules(), e.g. '
                         '"neck.laterals.0")')
    handles = [modules[n].register_forward_hook(
        lambda mod, args, out: torch.zeros_like(out)) for n in names]
    try:
        yield model
    finally:
        for h in handles:
            h.remove()


@torch.no_grad()
def pooled_features(model, dataset, batch_size: int = 16
                    ) -> Tuple[Dict[str, torch.Tensor], torch.Tensor]:
    """``({layer: [N, C]}, labels [N])`` of a classification dataset.

    Layers: ``backbone.<i>`` for each level the backbone returns (its
    ``out_indices``), the neck's inner points (:func:`neck_taps`),
    ``neck``, ``head.shared`` and ``head.<task>`` for each private block of
    the head (after their last ConvBNReLU).
    """
    model.eval()
    taps: Dict[str, torch.Tensor] = {}
    at_output, at_input = neck_taps(model.neck)
    handles = [m.register_forward_hook(
        lambda mod, args, out, k=k: taps.__setitem__(k, out))
        for k, m in at_output.items()]
    handles += [m.register_forward_pre_hook(
        lambda mod, args, k=k: taps.__setitem__(k, args[0]))
        for k, m in at_input.items()]
    try:
        return _pooled(model, dataset, batch_size, taps)
    finally:
        for h in handles:
            h.remove()


def _pooled(model, dataset, batch_size: int, taps: dict):
    feats: Dict[str, list] = {}
    labels = []
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=False,
                        collate_fn=pseudo_collate)
    for batch in loader:
        data = model.data_preprocessor(batch, False)
        x, samples = data['inputs'], data['data_samples']
        if not isinstance(x, torch.Tensor):
            raise ValueError(f'{dataset.__class__.__name__}: images of '
                             'different sizes; probes need one test size')
        levels = model.backbone(x)  # by task where a task has its own
        shared = levels['shared'] if isinstance(levels, dict) else levels
        out = {f'backbone.{i}': f for i, f in
               zip(model.backbone.out_indices, shared)}
        neck = model.neck(levels)
        neck = neck if isinstance(neck, dict) else dict(shared=neck)
        out.update(taps)
        out['neck'] = neck['shared']
        out['head.shared'] = model.head.convs(neck['shared'])
        for task, block in model.head.private_convs.items():
            out[f'head.{task}'] = block(neck.get(task, neck['shared']))
        for name, f in out.items():
            feats.setdefault(name, []).append(f.float().mean((2, 3)))
        labels += [s.gt_label.view(-1) for s in samples]
    return {k: torch.cat(v) for k, v in feats.items()}, torch.cat(labels)


def probe_accuracy(train_x: torch.Tensor, train_y: torch.Tensor,
                   val_x: torch.Tensor, val_y: torch.Tensor,
                   num_classes: int, l2: float = 1e-3,
                   max_iter: int = 500) -> float:
    """Top-1 on val of a logistic regression fitted on train (features
    standardised with the train statistics; L-BFGS, L2 ``l2``)."""
    mean, std = train_x.mean(0), train_x.std(0) + 1e-6
    tx, vx = (train_x - mean) / std, (val_x - mean) / std
    w = torch.zeros(tx.shape[1], num_classes, requires_grad=True)
    b = torch.zeros(num_classes, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], max_iter=max_iter,
                            line_search_fn='strong_wolfe')

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(tx @ w + b, train_y) + l2 * w.square().sum()
        loss.backward()
        return loss

    with torch.enable_grad():
        opt.step(closure)
    with torch.no_grad():
        correct = int((vx @ w + b).argmax(1).eq(val_y).sum())
    return correct / len(val_y)
