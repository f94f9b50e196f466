"""Replay, EWC and LwF hooks: state, penalties, gradients."""
import copy
from types import SimpleNamespace

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.logging import MMLogger

from onehead.engine.hooks import (ClassBalancedReservoir, EWCHook, LwFHook,
                                  ReplayHook)
from onehead.engine.hooks.rows_refit import RowsLeastSquares
from onehead.registry import DATASETS, MODELS
from onehead.utils import load_checkpoint_file
from tests_helpers import load_config, sample_datasets

MODEL_CFG = 'configs/_base_/models/mobilenetv2_fpn_unified.py'


@pytest.fixture(scope='module')
def data(sample_data):
    return sample_datasets(sample_data)


@pytest.fixture
def runner():
    cfg = load_config(MODEL_CFG)
    cfg.model.backbone.init_cfg = None
    cfg.model.head.update(num_det_classes=3, num_seg_classes=4,
                          num_cls_classes=4)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    return SimpleNamespace(model=model, cfg=Config(dict(model=cfg.model)),
                           logger=MMLogger.get_current_instance(),
                           _resume=False)


def batch(data, task, n=2):
    ds = DATASETS.build(data[f'{task}_train'])
    return pseudo_collate([ds[i] for i in range(n)])


def loss(model, data_batch):
    d = model.data_preprocessor(data_batch, True)
    return model(**d, mode='loss')


def test_class_balanced_reservoir():
    r = ClassBalancedReservoir(12, seed=0)
    stream = [0] * 90 + [1] * 10 + [2] * 10
    import random
    random.Random(1).shuffle(stream)
    for i, c in enumerate(stream):
        r.add(i, [c])
    assert len(r.items) == 12
    assert r.class_counts() == {0: 4, 1: 4, 2: 4}
    # a plain reservoir would keep ~ 12 * 90/110 of class 0
    assert all(stream[i] == c for i, c in zip(r.items, r.labels))
    # multi-label items count as their rarest label in the buffer
    r = ClassBalancedReservoir(4)
    for labels in ([0], [0], [0, 1], [0, 2]):
        r.add(len(r.items), labels)
    assert r.labels == [0, 0, 1, 2]


def test_replay_hook_mixes_earlier_task_into_batches(runner, data):
    hook = ReplayHook(tasks=dict(seg=dict(dataset=data.seg_train, size=4)),
                      per_batch=3)
    hook.before_train(runner)
    assert len(hook.buffers['seg']) == 4
    data_batch = batch(data, 'det')
    hook.before_train_iter(runner, 0, data_batch)
    tasks = [s.task for s in data_batch['data_samples']]
    assert tasks == ['det', 'det', 'seg', 'seg', 'seg']
    model = runner.model.train()
    losses = loss(model, data_batch)
    assert 'seg.loss_seg' in losses and 'det.loss_box' in losses
    model.zero_grad()
    losses['seg.loss_seg'].backward()
    g = model.head.out_conv.weight.grad.abs().sum((1, 2, 3))
    d = model.head.det_channels
    assert g[d:d + 4].sum() > 0  # the seg channels learn from the replay
    assert model.backbone.features[2].conv[0][0].weight.grad.abs().sum() > 0
    # the buffer travels in checkpoints
    ckpt = {}
    hook.before_save_checkpoint(runner, ckpt)
    other = ReplayHook(tasks=dict(seg=dict(dataset=data.seg_train, size=2)))
    other.after_load_checkpoint(runner, ckpt)
    other.before_train(runner)  # restored, not refilled
    assert [i['img_path'] for i in other.buffers['seg']] == \
        [i['img_path'] for i in hook.buffers['seg']]


def test_replay_of_labels_on_output_rows_only(runner, data):
    """train_shared=False: the replayed samples stay out of the batch; their
    loss reaches their task's output rows and nothing the tasks share."""
    seg = dict(dataset=data.seg_train, size=4)
    with pytest.raises(ValueError, match='train_shared'):
        ReplayHook(tasks=dict(seg=dict(seg, output_pipeline=[])),
                   outputs=dict(), train_shared=False)
    with pytest.raises(ValueError, match='not among the tasks'):
        ReplayHook(tasks=dict(seg=seg), train_shared=['det'])
    hook = ReplayHook(tasks=dict(seg=seg), per_batch=3, train_shared=False)
    model = runner.model.train()
    hook.before_train(runner)
    data_batch = batch(data, 'det')
    hook.before_train_iter(runner, 0, data_batch)
    assert [s.task for s in data_batch['data_samples']] == ['det', 'det']
    assert [p['data_samples'].task for p in hook._pending] == ['seg'] * 3
    losses = loss(model, data_batch)
    assert 'det.loss_box' in losses and 'seg.loss_seg' not in losses
    model.zero_grad()
    losses['replay.seg.loss_seg'].backward()
    g = model.head.out_conv.weight.grad.abs().sum((1, 2, 3))
    d = model.head.det_channels
    assert g[d:d + 4].sum() > 0  # the seg rows learn
    assert g[:d].sum() == 0 and g[d + 4:].sum() == 0  # no other task's
    shared = [p for n, p in model.named_parameters()
              if not n.startswith('head.out_conv')]
    assert all(p.grad is None or p.grad.abs().sum() == 0 for p in shared)
    # the same samples in the batch (train_shared=True) reach them
    joined = ReplayHook(tasks=dict(seg=seg), per_batch=3)
    joined.before_train(runner)
    data_batch = batch(data, 'det')
    joined.before_train_iter(runner, 0, data_batch)
    model.zero_grad()
    loss(model, data_batch)['seg.loss_seg'].backward()
    assert model.head.convs[0].weight.grad.abs().sum() > 0
    hook.after_train(runner)
    assert 'replay' not in model.loss_terms
    # the map it reads is the one the output conv reads in a full forward
    model.eval()
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        assert torch.allclose(model.head.out_conv(model.hidden(x)),
                              model(x, mode='tensor'), atol=1e-5)


def test_replay_with_stored_outputs_matches_them(runner, data, tmp_path):
    """DER++: the buffer keeps the model's seg channels for each sample's
    plain view; the matching loss is 0 for that model, grows when its seg
    rows move, and the outputs travel in checkpoints."""
    seg = dict(dataset=data.seg_train, size=4,
               output_pipeline=data.seg_plain_pipeline)
    with pytest.raises(ValueError, match='output_pipeline'):
        ReplayHook(tasks=dict(seg=dict(dataset=data.seg_train)),
                   outputs=dict())
    hook = ReplayHook(tasks=dict(seg=seg), per_batch=1,
                      outputs=dict(weight=1.0, per_batch=2))
    model = runner.model.eval()  # fixed statistics: outputs comparable
    hook.before_train(runner)
    stored = hook.stored['seg']
    assert stored.shape[:2] == (4, 4) and stored.dtype == torch.float16
    data_batch = batch(data, 'det')
    hook.before_train_iter(runner, 0, data_batch)
    kept = [s for s in data_batch['data_samples'] if 'stored_output' in s]
    assert len(data_batch['data_samples']) == 5 and len(kept) == 2
    losses = loss(model, data_batch)
    assert losses['der.loss_seg'].item() < 1e-3
    with torch.no_grad():  # the seg rows move: the stored outputs pull back
        d = model.head.det_channels
        model.head.out_conv.bias[d:d + 4] += torch.tensor([2., -1, 0, 1])
    moved = loss(model, data_batch)['der.loss_seg']
    assert moved.item() > 100 * max(losses['der.loss_seg'].item(), 1e-6)
    model.zero_grad()
    moved.backward()
    assert model.head.out_conv.bias.grad[d:d + 4].abs().sum() > 0
    ckpt = {}
    hook.before_save_checkpoint(runner, ckpt)
    torch.save(ckpt, tmp_path / 'c.pth')
    other = ReplayHook(tasks=dict(seg=seg), outputs=dict())
    other.after_load_checkpoint(runner, load_checkpoint_file(
        str(tmp_path / 'c.pth')))
    other.before_train(runner)  # restored, not recomputed
    assert torch.equal(other.stored['seg'], stored)
    hook.after_train(runner)
    other.after_train(runner)
    assert 'der' not in model.loss_terms


def test_rows_least_squares_recovers_rows_and_ridge_pulls_back():
    """Outputs that are exactly linear in the hidden map give their rows
    back; the error formula matches a direct computation; a huge ridge
    keeps the current rows."""
    g = torch.Generator().manual_seed(0)
    hidden = torch.randn(3, 6, 4, 5, generator=g)
    weight = torch.randn(2, 6, 1, 1, generator=g)
    bias = torch.randn(2, generator=g)
    targets = torch.nn.functional.conv2d(hidden, weight, bias)
    fit = RowsLeastSquares()
    fit.add(hidden[:2], targets[:2])
    fit.add(hidden[2:], targets[2:])
    assert fit.cells == 3 * 4 * 5
    start_w, start_b = torch.zeros_like(weight), torch.zeros_like(bias)
    assert fit.mse(start_w, start_b) == pytest.approx(
        float((targets.double() ** 2).mean()), rel=1e-9)
    new_w, new_b = fit.solve(start_w, start_b, ridge=1e-9)
    assert torch.allclose(new_w, weight, atol=1e-5)
    assert torch.allclose(new_b, bias, atol=1e-5)
    assert fit.mse(new_w, new_b) < 1e-10
    kept_w, kept_b = fit.solve(start_w, start_b, ridge=1e9)
    assert kept_w.abs().max() < 1e-6 and kept_b.abs().max() < 1e-6
    with pytest.raises(ValueError, match='differ'):
        fit.add(hidden, targets[:2])
    with pytest.raises(ValueError, match='no cells'):
        RowsLeastSquares().solve(weight, bias)


def test_replay_refits_rows_to_stored_outputs(runner, data):
    """The refit task's rows give back its stored outputs from a moved
    map (within fp16 rounding, when the move is a positive scaling of each
    hidden channel; closer, when no linear readout undoes it); the other
    rows stay bit-exact; only the last epoch's end refits."""
    seg = dict(dataset=data.seg_train, size=4,
               output_pipeline=data.seg_plain_pipeline)
    with pytest.raises(ValueError, match='refit_rows'):
        ReplayHook(tasks=dict(seg=seg), refit_rows=['seg'])
    with pytest.raises(ValueError, match='refit_rows'):
        ReplayHook(tasks=dict(seg=seg), outputs=dict(), refit_rows=['det'])
    hook = ReplayHook(tasks=dict(seg=seg), outputs=dict(),
                      refit_rows=['seg'])
    model = runner.model
    for m in model.modules():  # statistics of real inputs: a map of O(1)
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    with torch.no_grad():
        model.train()
        model(**model.data_preprocessor(batch(data, 'seg', 4), False))
    model.eval()
    hook.before_train(runner)
    conv, rows = model.head.out_conv, model.head.task_slices()['seg']
    before, after = hook.refit(model, 'seg')  # nothing moved
    assert before < 1e-4 and after <= before
    start = conv.weight.detach().clone(), conv.bias.detach().clone()
    norm = model.head.convs[-2]
    scale = torch.linspace(0.5, 2.0, norm.weight.numel())
    with torch.no_grad():  # the map moves: every channel scaled
        norm.weight.mul_(scale)
        norm.bias.mul_(scale)
    runner.epoch, runner.max_epochs = 0, 2
    hook.after_train_epoch(runner)  # not the last epoch: nothing refit
    assert torch.equal(conv.weight, start[0])
    assert torch.equal(conv.bias, start[1])
    before, after = hook.refit(model, 'seg')
    assert before > 1e3 * max(after, 1e-7) and after < 1e-4
    others = torch.ones(conv.weight.shape[0], dtype=torch.bool)
    others[rows] = False
    assert torch.equal(conv.weight[others], start[0][others])
    assert torch.equal(conv.bias[others], start[1][others])
    with torch.no_grad():  # moved again: the last epoch's end refits
        norm.weight.mul_(scale)
        norm.bias.mul_(scale)
    runner.epoch = 1
    hook.after_train_epoch(runner)
    again, _ = hook.refit(model, 'seg')
    assert again < 1e-4
    with torch.no_grad():  # a move no linear readout undoes: error falls
        model.head.convs[0].weight.add_(
            0.05 * torch.randn_like(model.head.convs[0].weight))
    before, after = hook.refit(model, 'seg')
    assert after < 0.5 * before


def test_ewc_penalty_is_zero_at_anchor_and_pulls_back(runner, data):
    hook = EWCHook(tasks=dict(seg=dict(dataset=data.seg_train,
                                       num_samples=4)), lambda_=10.0)
    hook.before_train(runner)
    model = runner.model
    fisher = hook.state['seg']['fisher']
    assert torch.cat([f.flatten() for f in fisher.values()]).mean() == \
        pytest.approx(1.0, rel=1e-4)  # normalised
    assert fisher['head.out_conv.weight'][model.head.det_channels:
                                          model.head.det_channels + 4] \
        .abs().sum() > 0
    assert hook.penalty(model)['loss'].item() == 0.0
    # the penalty joins the model's losses
    assert 'ewc.loss' in loss(model, batch(data, 'det'))
    anchor = {n: p.detach().clone() for n, p in model.named_parameters()}
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.01)
    pen = hook.penalty(model)['loss']
    assert pen > 0
    dist_before = sum(((p - anchor[n]) ** 2).sum()
                      for n, p in model.named_parameters())
    model.zero_grad()
    pen.backward()
    # gradient descent on the penalty alone, with a step that cannot
    # overshoot (lr * lambda * F <= 0.5 for every weight)
    max_f = max(float(f.max()) for f in fisher.values())
    lr = 0.5 / (hook.lambda_ * max_f)
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p.sub_(lr * p.grad)
    dist_after = sum(((p - anchor[n]) ** 2).sum()
                     for n, p in model.named_parameters())
    assert dist_after < dist_before
    assert hook.penalty(model)['loss'] < pen
    hook.after_train(runner)
    assert 'ewc' not in model.loss_terms


def test_lwf_distillation(runner, data):
    hook = LwFHook(tasks=['seg', 'cls'], temperature=2.0)
    with torch.no_grad():  # a head with opinions (random init is ~uniform)
        runner.model.head.out_conv.weight.normal_(std=0.5)
    hook.before_train(runner)
    model = runner.model.eval()  # same BN mode as the teacher: equal outputs
    lw = {k: v for k, v in loss(model, batch(data, 'det')).items()
          if k.startswith('lwf.')}
    assert set(lw) == {'lwf.loss_seg', 'lwf.loss_cls'}
    assert all(abs(v.item()) < 1e-6 for v in lw.values())
    with torch.no_grad():
        model.neck.fuse[0].weight.add_(0.05)
    model.train()  # batch statistics: outputs of the random model move
    lw = loss(model, batch(data, 'det'))
    assert lw['lwf.loss_seg'] > 1e-4
    model.zero_grad()
    lw['lwf.loss_seg'].backward()
    for part in (model.backbone.features[1].conv[0][0], model.neck.fuse[0],
                 model.head.convs[0]):
        assert part.weight.grad.abs().sum() > 0
    assert all(p.grad is None for p in hook.teacher.parameters())
    # the teacher is saved, and restored on resume (not re-copied)
    ckpt = {}
    hook.before_save_checkpoint(runner, ckpt)
    teacher_state = copy.deepcopy(ckpt['lwf_teacher'])
    runner._resume = True
    other = LwFHook(tasks=['seg'])
    other.after_load_checkpoint(runner, ckpt)
    other.before_train(runner)
    for k, v in other.teacher.state_dict().items():
        assert torch.equal(v, teacher_state[k])
    assert not torch.equal(other.teacher.neck.fuse[0].weight,
                           model.neck.fuse[0].weight)
