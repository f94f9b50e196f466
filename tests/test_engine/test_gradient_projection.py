"""Gradient projection (GPM): bases, ranks, what it keeps, checkpoints."""
import copy
from types import SimpleNamespace

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.logging import MMLogger

from onehead.engine.hooks import GradientProjectionHook
from onehead.engine.hooks.gradient_projection_hook import extend_basis
from onehead.registry import DATASETS
from onehead.utils import load_checkpoint_file
from tests_helpers import sample_datasets, sample_sized_model

LR = 1e-3


def test_extend_basis_takes_the_fewest_directions_for_the_threshold():
    cov = torch.diag(torch.tensor([9.0, 1.0, 0.0, 0.0]))
    one = extend_basis(None, cov, 0.8)  # e1 holds 90%
    assert one.shape == (4, 1)
    assert torch.allclose(one[:, 0].abs(), torch.tensor([1., 0, 0, 0]))
    assert extend_basis(None, cov, 0.95).shape == (4, 2)  # needs e1 and e2
    # a later task's patches: 1 of their 5 energy units along e1 (held),
    # 4 along e3: 50% asks for e3 as well, 20% for nothing new
    later = torch.diag(torch.tensor([1.0, 0.0, 4.0, 0.0]))
    two = extend_basis(one, later, 0.5)
    assert two.shape == (4, 2)
    assert torch.allclose(two.T @ two, torch.eye(2), atol=1e-6)
    assert torch.allclose(two[2].abs().max(), torch.tensor(1.0))
    assert extend_basis(one, later, 0.2).shape == (4, 1)


def test_projection_removes_the_basis_directions_only():
    basis = torch.linalg.qr(torch.randn(18, 5))[0]
    delta = torch.randn(7, 2, 3, 3)
    out = GradientProjectionHook.project(delta, basis)
    assert torch.allclose(out.flatten(1) @ basis, torch.zeros(7, 5),
                          atol=1e-5)
    # idempotent, and a change already outside the span passes unchanged
    assert torch.allclose(GradientProjectionHook.project(out, basis), out,
                          atol=1e-5)


def test_grouped_convolutions_are_left_free_and_named():
    """A depthwise conv's weight reads one input channel per row: a basis
    over the whole input's patches cannot project it, so it is left out
    (a projection of it would not even have the weight's shape)."""
    model = torch.nn.Module()
    model.neck = torch.nn.Sequential(
        torch.nn.Conv2d(4, 4, 3, padding=1, groups=4),
        torch.nn.Conv2d(4, 8, 1),
        torch.nn.Conv2d(8, 8, 3, padding=1, groups=2))
    model.head = torch.nn.Sequential(torch.nn.Conv2d(8, 8, 3, groups=8))
    hook = GradientProjectionHook(tasks={}, modules=('neck', ))
    assert list(hook.protected(model)) == ['neck.1']
    assert hook.grouped == ['neck.0', 'neck.2']
    with pytest.raises(ValueError, match=r"grouped, left free: \['head.0'\]"):
        GradientProjectionHook(tasks={}, modules=('head', )).protected(model)
    # only those that learn are named as learning unprojected
    model.neck[2].weight.requires_grad = False
    assert hook.grouped_learning(model) == ['neck.0']
    model.neck[0].weight.requires_grad = False
    assert hook.grouped_learning(model) == []


@pytest.fixture(scope='module')
def data(sample_data):
    return sample_datasets(sample_data)


def make_runner(seed=0):
    model, cfg = sample_sized_model(seed, frozen=['backbone'],
                                    norm_eval=True)
    # logits that depend on the features (the head starts them near 0)
    torch.nn.init.normal_(model.head.out_conv.weight, std=0.1)
    return SimpleNamespace(model=model, cfg=Config(dict(model=cfg.model)),
                           logger=MMLogger.get_current_instance(),
                           _resume=False)


def seg_logits(model, data):
    ds = DATASETS.build(copy.deepcopy(data.seg_train_plain))
    items = [ds[i] for i in range(len(ds))]
    batch = model.data_preprocessor(pseudo_collate(items), False)
    model.eval()
    with torch.no_grad():
        out = model(batch['inputs'], mode='tensor')
    model.train()
    return out[:, model.head.task_slices()['seg']]


def train_det(runner, data, hook, steps=12):
    """``steps`` AdamW steps on detection alone; the det losses."""
    model = runner.model
    ds = DATASETS.build(copy.deepcopy(data.det_train))
    opt = torch.optim.AdamW([p for p in model.parameters()
                             if p.requires_grad], lr=LR)
    model.train()
    losses = []
    for i in range(steps):
        if hook is not None:
            hook.before_train_iter(runner, i)
        else:  # the same fixed BatchNorm, without the projection
            for m in model.modules():
                if isinstance(m, torch.nn.BatchNorm2d):
                    m.eval()
        items = [ds[j % len(ds)] for j in (2 * i, 2 * i + 1)]
        batch = model.data_preprocessor(pseudo_collate(items), True)
        loss = sum(v for k, v in model(**batch, mode='loss').items()
                   if 'loss' in k)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if hook is not None:
            hook.after_train_iter(runner, i)
        losses.append(loss.item())
    return losses


def gpm(data, threshold=0.999):
    return GradientProjectionHook(
        threshold=threshold, batch_size=4,
        tasks=dict(seg=dict(dataset=data.seg_train_plain, num_samples=8)))


def test_projection_keeps_the_earlier_task_while_the_new_one_learns(data):
    """Detection trains 12 AdamW steps at lr 1e-3: with the projection
    (threshold 0.999) segmentation's outputs on the images of its basis
    move by under 5% of their norm; without it, by over 10x as much."""
    changes = {}
    for name in ('projected', 'free'):
        runner = make_runner()
        before = seg_logits(runner.model, data)
        hook = gpm(data) if name == 'projected' else None
        if hook is not None:
            hook.before_train(runner)
        losses = train_det(runner, data, hook)
        after = seg_logits(runner.model, data)
        changes[name] = ((after - before).norm() / before.norm()).item()
        if name == 'projected':
            assert sum(losses[-3:]) < sum(losses[:3])  # detection learns
            hook.after_train(runner)
    assert changes['projected'] < 0.05, changes
    assert changes['free'] > 10 * changes['projected'], changes


def test_rank_per_layer_is_what_the_threshold_asks(data):
    runner = make_runner()
    hook = gpm(data, threshold=0.9)
    ds = DATASETS.build(copy.deepcopy(data.seg_train_plain))
    covs = hook.collect(runner.model, ds, 8)
    hook.before_train(runner)
    assert hook.done == ['seg']
    assert set(hook.bases) == set(covs) == set(hook.protected(runner.model))
    assert 'head.out_conv' not in hook.bases
    for name, cov in covs.items():
        values = torch.linalg.eigvalsh(cov.double()).flip(0).clamp(min=0)
        energy = torch.cumsum(values, 0) / values.sum()
        want = int((energy < 0.9).sum()) + 1  # fewest with >= 90%
        assert hook.bases[name].shape == (cov.shape[0], want), name
    # BatchNorm of the protected modules is frozen, the convs still learn
    model = runner.model
    assert not any(p.requires_grad for m in model.head.modules()
                   if isinstance(m, torch.nn.BatchNorm2d)
                   for p in m.parameters())
    assert model.head.convs[0].weight.requires_grad


def test_layer_threshold_sets_the_rank_of_the_layers_under_its_prefix(data):
    """``layer_threshold`` replaces ``threshold`` on the convolutions
    under a prefix, the longest prefix winning; a fraction outside (0, 1]
    is refused."""
    runner = make_runner()
    hook = GradientProjectionHook(
        threshold=0.9, layer_threshold={'neck': 0.5, 'neck.fuse': 0.99},
        batch_size=4,
        tasks=dict(seg=dict(dataset=data.seg_train_plain, num_samples=8)))
    ds = DATASETS.build(copy.deepcopy(data.seg_train_plain))
    covs = hook.collect(runner.model, ds, 8)
    hook.before_train(runner)
    wanted = {}
    for name, cov in covs.items():
        t = (0.99 if name.startswith('neck.fuse.') else
             0.5 if name.startswith('neck.') else 0.9)
        values = torch.linalg.eigvalsh(cov.double()).flip(0).clamp(min=0)
        energy = torch.cumsum(values, 0) / values.sum()
        wanted[name] = int((energy < t).sum()) + 1
        assert hook.bases[name].shape == (cov.shape[0], wanted[name]), name
    assert {n[:n.index('.', 5)] for n in wanted} >= {'neck.fuse', 'head.convs'}
    assert any(n.startswith('neck.laterals.') for n in wanted)
    with pytest.raises(ValueError, match="layer_threshold 'neck': 1.5"):
        GradientProjectionHook(tasks={}, layer_threshold={'neck': 1.5})


def test_bases_restore_bit_exactly_and_the_next_stage_adds_to_them(
        data, tmp_path):
    runner = make_runner()
    hook = gpm(data, threshold=0.9)
    hook.before_train(runner)
    ckpt = dict(state_dict=runner.model.state_dict(), meta={})
    hook.before_save_checkpoint(runner, ckpt)
    torch.save(ckpt, tmp_path / 'stage2.pth')
    loaded = load_checkpoint_file(str(tmp_path / 'stage2.pth'))
    # the next stage protects seg (restored, not recomputed) and det
    nxt = GradientProjectionHook(
        threshold=0.9, batch_size=4,
        tasks=dict(seg=dict(dataset=data.seg_train_plain, num_samples=8),
                   det=dict(dataset=data.det_train_plain, num_samples=8)))
    nxt.after_load_checkpoint(runner, loaded)
    assert nxt.done == ['seg']
    for name, basis in hook.bases.items():
        assert torch.equal(nxt.bases[name], basis.cpu()), name
    nxt.before_train(runner)
    assert nxt.done == ['seg', 'det']
    for name, basis in hook.bases.items():
        grown = nxt.bases[name]
        assert grown.shape[1] >= basis.shape[1]
        # the seg directions stay inside the grown span
        inside = grown @ (grown.T @ basis)
        assert torch.allclose(inside, basis, atol=1e-4), name


def test_layers_the_loaded_bases_lack_get_the_earlier_tasks_bases(data):
    """A stage that protects more layers than the earlier one did (the
    neck beside the head): the neck gets segmentation's basis, as a hook
    protecting the neck from the start would have made it, before
    detection's extends it; without segmentation's data that is refused,
    naming the layers."""
    runner = make_runner()
    first = GradientProjectionHook(
        threshold=0.9, batch_size=4, modules=('head', ),
        tasks=dict(seg=dict(dataset=data.seg_train_plain, num_samples=8)))
    first.before_train(runner)
    first.after_train(runner)
    assert not any(n.startswith('neck.') for n in first.bases)
    ckpt = {}
    first.before_save_checkpoint(runner, ckpt)
    neck_seg = gpm(data, threshold=0.9)
    neck_seg.before_train(runner)  # seg's basis on every layer
    neck_seg.after_train(runner)
    nxt = GradientProjectionHook(
        threshold=0.9, batch_size=4,
        tasks=dict(seg=dict(dataset=data.seg_train_plain, num_samples=8),
                   det=dict(dataset=data.det_train_plain, num_samples=8)))
    nxt.after_load_checkpoint(runner, ckpt)
    assert nxt.fill_missing(runner.model) == sorted(
        n for n in neck_seg.bases if n.startswith('neck.'))
    for name, basis in neck_seg.bases.items():
        assert torch.equal(nxt.bases[name], basis), name
    nxt.before_train(runner)
    assert nxt.done == ['seg', 'det']
    assert set(nxt.bases) == set(nxt.protected(runner.model))
    nxt.after_train(runner)
    lacking = GradientProjectionHook(
        tasks=dict(det=dict(dataset=data.det_train_plain, num_samples=8)))
    lacking.after_load_checkpoint(runner, ckpt)
    with pytest.raises(ValueError, match=r"hold seg but not on \['neck\."):
        lacking.before_train(runner)
