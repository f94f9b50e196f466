"""Training options of the homework systems: loss balancing, freezing,
gradient accumulation, teacher distillation, TensorBoard."""
import sys
import types
from types import SimpleNamespace

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.logging import MMLogger
from mmengine.optim import OptimWrapper
from mmengine.runner import save_checkpoint

from onehead.engine.hooks import TeacherDistillHook
from onehead.models.losses import (LearnableTaskWeights,
                                   UncertaintyTaskWeights)
from onehead.registry import DATASETS, MODELS
from tests_helpers import import_tool, load_config, sample_datasets

MODEL_CFG = 'configs/_base_/models/mobilenetv2_fpn_unified.py'


def model_cfg(**kw):
    cfg = load_config(MODEL_CFG).model
    cfg.backbone.init_cfg = None
    cfg.head.update(num_det_classes=3, num_seg_classes=4, num_cls_classes=4)
    cfg.update(kw)
    return cfg


def build(**kw):
    torch.manual_seed(0)
    m = MODELS.build(model_cfg(**kw))
    m.init_weights()
    return m


@pytest.fixture(scope='module')
def items(sample_data):
    cfg = sample_datasets(sample_data)
    return {t: [DATASETS.build(cfg[f'{t}_train'])[i] for i in range(4)]
            for t in ('det', 'seg', 'cls')}


def losses_of(model, batch_items):
    d = model.data_preprocessor(pseudo_collate(batch_items), True)
    return model(**d, mode='loss')


@pytest.mark.parametrize('balancer', [
    dict(type='LearnableTaskWeights', normalize='softmax'),
    dict(type='LearnableTaskWeights', normalize='sigmoid'),
    dict(type='UncertaintyTaskWeights')])
def test_learned_task_weights_move_and_are_logged(items, balancer):
    model = build(loss_balancer=balancer).train()
    params = list(model.loss_balancer.parameters())
    before = [p.detach().clone() for p in params]
    opt = torch.optim.SGD(params, lr=0.5)
    for _ in range(3):
        losses = losses_of(model, items['seg'][:2] + items['cls'][:2])
        assert {'weight.seg', 'weight.cls'} <= set(losses)
        total = sum(v for k, v in losses.items() if 'loss' in k)
        opt.zero_grad()
        total.backward()
        opt.step()
    assert any(not torch.equal(a, b) for a, b in zip(before, params))


def test_uncertainty_weighting_formula():
    b = UncertaintyTaskWeights(tasks=('det', 'seg'))
    with torch.no_grad():
        b.log_vars.copy_(torch.tensor([0.5, -1.0]))
    w, reg = b(['det', 'seg'])
    assert w['det'].item() == pytest.approx(0.6065307, rel=1e-6)
    assert reg.item() == pytest.approx(-0.5)
    # the larger loss gets the smaller weight at the optimum: s_t = log L_t
    b = UncertaintyTaskWeights(tasks=('det', 'seg'))
    opt = torch.optim.SGD(b.parameters(), lr=0.1)
    for _ in range(300):
        w, reg = b(['det', 'seg'])
        total = w['det'] * 4.0 + w['seg'] * 0.5 + reg
        opt.zero_grad()
        total.backward()
        opt.step()
    assert b.log_vars.tolist() == pytest.approx(
        [torch.log(torch.tensor(4.0)).item(),
         torch.log(torch.tensor(0.5)).item()], abs=1e-2)
    s = LearnableTaskWeights(tasks=('a', 'b', 'c'))
    w, reg = s(['a', 'b', 'c'])
    assert reg is None and sum(v.item() for v in w.values()) == \
        pytest.approx(3.0)


def test_frozen_parts_and_bn_statistics_stay_bit_identical(items):
    cfg = model_cfg(frozen=['neck', 'head.convs'], norm_eval=True)
    cfg.backbone.frozen_stages = 2
    torch.manual_seed(0)
    model = MODELS.build(cfg)
    model.init_weights()
    model.train()
    frozen = {k: v.clone() for k, v in model.state_dict().items()
              if k.startswith(('neck.', 'head.convs.',
                               'backbone.features.0.',
                               'backbone.features.6.'))}
    moving = model.head.out_conv.weight.detach().clone()
    last_bn = model.backbone.features[13].conv[1][1]
    stats = last_bn.running_mean.clone()
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad],
                          lr=0.1)
    for _ in range(2):
        model.train()
        loss = sum(v for k, v in losses_of(model, items['seg']).items()
                   if 'loss' in k)
        opt.zero_grad()
        loss.backward()
        opt.step()
    state = model.state_dict()
    for k, v in frozen.items():
        assert torch.equal(state[k], v), k
    assert not torch.equal(model.head.out_conv.weight, moving)
    assert not torch.equal(last_bn.running_mean, stats)  # not frozen


def test_norm_eval_list_fixes_bn_statistics_of_named_parts(items):
    """norm_eval=[...] keeps those parts' BN statistics (their affine
    weights still learn) while the rest of the model keeps adapting."""
    model = build(norm_eval=['neck', 'head'])
    head_bn = model.head.convs[1]
    backbone_bn = model.backbone.features[13].conv[1][1]
    stats = (head_bn.running_mean.clone(), backbone_bn.running_mean.clone())
    weight = head_bn.weight.detach().clone()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    model.train()
    assert not head_bn.training and backbone_bn.training
    loss = sum(v for k, v in losses_of(model, items['cls']).items()
               if 'loss' in k)
    opt.zero_grad()
    loss.backward()
    opt.step()
    assert torch.equal(head_bn.running_mean, stats[0])
    assert not torch.equal(backbone_bn.running_mean, stats[1])
    assert not torch.equal(head_bn.weight, weight)
    with pytest.raises(AttributeError, match='nekc'):
        build(norm_eval=['nekc'])


def test_fixed_bn_statistics_make_training_forward_equal_test_forward():
    """What replay_plastic's stage 3 relies on: with every BN fixed, a
    224-px batch is normalised in training exactly as at test time,
    whatever other shape groups share the step."""
    x = torch.rand(2, 3, 224, 224)
    fixed = build(norm_eval=['backbone', 'neck', 'head']).train()
    with torch.no_grad():
        train_out = fixed(x)
        assert torch.allclose(train_out, fixed.eval()(x), atol=1e-5)
        plain = build().train()
        assert not torch.allclose(plain(x), plain.eval()(x), atol=1e-3)


def test_gradient_accumulation_equals_large_batch(items):
    """accumulative_counts=2 over two batches of 2 == one batch of 4."""
    model = build().eval()  # BN statistics fixed: batches are comparable
    model.train = lambda mode=True: model  # keep eval during the steps
    params = [p for p in model.parameters() if p.requires_grad]
    batch = items['cls']
    # one batch of 4
    model.zero_grad()
    sum(losses_of(model, batch).values()).backward()
    big = [p.grad.clone() for p in params]
    # two batches of 2, accumulated by mmengine's wrapper
    wrapper = OptimWrapper(torch.optim.SGD(params, lr=0.0),
                           accumulative_counts=2)
    wrapper.initialize_count_status(model, 0, 2)
    seen = []
    step = wrapper.optimizer.step
    wrapper.optimizer.step = lambda *a, **k: (
        seen.append([p.grad.clone() for p in params]), step(*a, **k))
    model.zero_grad()
    for half in (batch[:2], batch[2:]):
        wrapper.update_params(sum(losses_of(model, half).values()))
    assert len(seen) == 1  # one optimizer step for the two batches
    for a, b in zip(seen[0], big):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-6)


def test_teacher_distillation_zero_for_equal_positive_otherwise(items,
                                                                tmp_path):
    student = build().eval()
    ckpt = str(tmp_path / 'teacher.pth')
    save_checkpoint(dict(state_dict=student.state_dict()), ckpt)
    runner = SimpleNamespace(model=student,
                             cfg=Config(dict(model=model_cfg())),
                             logger=MMLogger.get_current_instance())
    hook = TeacherDistillHook([dict(checkpoint=ckpt, tasks=['seg', 'cls',
                                                            'det'],
                                    temperature=3.0, weight=2.0)])
    hook.before_train(runner)
    losses = losses_of(student, items['det'])
    d = {k: v for k, v in losses.items() if k.startswith('distill0.')}
    assert set(d) == {'distill0.loss_seg', 'distill0.loss_cls',
                      'distill0.loss_det'}
    assert all(abs(v.item()) < 1e-6 for v in d.values()), d
    with torch.no_grad():
        student.head.out_conv.bias.add_(
            torch.randn_like(student.head.out_conv.bias))
    losses = losses_of(student, items['det'])
    assert all(losses[k] > 1e-4 for k in d), losses
    hook.after_train(runner)
    assert not student.loss_terms


def test_tensorboard_switch(monkeypatch):
    train = import_tool('train')
    cfg = Config(dict(visualizer=dict(type='Visualizer',
                                      vis_backends=[dict(
                                          type='LocalVisBackend')])))
    monkeypatch.setitem(sys.modules, 'tensorboard', None)  # not installed
    with pytest.warns(UserWarning, match='pip install tensorboard'):
        assert not train.add_tensorboard(cfg)
    assert len(cfg.visualizer.vis_backends) == 1
    monkeypatch.setitem(sys.modules, 'tensorboard',
                        types.ModuleType('tensorboard'))
    assert train.add_tensorboard(cfg)
    assert cfg.visualizer.vis_backends[-1]['type'] == \
        'TensorboardVisBackend'
