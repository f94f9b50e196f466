"""Linear probes (the library function and tools/linear_probe.py)."""
import json
import os.path as osp

import pytest
import torch
from mmengine.runner import save_checkpoint

from onehead.apis import init_model
from onehead.evaluation.linear_probe import (pooled_features, probe_accuracy,
                                             silenced)
from onehead.registry import DATASETS
from tests_helpers import ROOT, import_tool, load_config, sample_datasets


def test_probe_accuracy_on_hand_built_features():
    g = torch.Generator().manual_seed(0)
    y = torch.arange(30) % 3
    x = torch.nn.functional.one_hot(y, 3).float() * 4 + \
        0.3 * torch.randn(30, 3, generator=g)
    # separable: every val sample right
    assert probe_accuracy(x[:21], y[:21], x[21:], y[21:], 3) == 1.0
    # val labels permuted against the features: every val sample wrong
    assert probe_accuracy(x[:21], y[:21], x[21:], (y[21:] + 1) % 3, 3) == 0.0
    # features that carry nothing: one class for all, a third right
    acc = probe_accuracy(torch.zeros(21, 4), y[:21], torch.zeros(9, 4),
                         y[21:], 3)
    assert acc == 1 / 3


def test_linear_probe_tool_probes_every_layer(sample_data, tmp_path,
                                              monkeypatch):
    monkeypatch.setenv('ONEHEAD_DATASETS', 'sample_data')
    monkeypatch.setenv('ONEHEAD_SAMPLE_DATA', sample_data)
    cfg = load_config('configs/stage3_cls.py', sample_data)
    cfg.model.backbone.init_cfg = None
    cfg.model.head.update(feat_channels=16, private_channels=dict(cls=8))
    path = str(tmp_path / 'private.pt')
    save_checkpoint(dict(state_dict=init_model(cfg).state_dict(),
                         meta=dict(cfg=cfg.pretty_text)), path)
    main = import_tool('linear_probe').main
    out = tmp_path / 'probe.json'
    # the config's own head is 128 wide: the checkpoint's saved config wins
    main([osp.join(ROOT, 'configs', 'stage3_cls.py'), path,
          '--out', str(out), '--silence', 'neck.laterals.0'])
    res = json.loads(out.read_text())
    top1 = res['top1'][path]
    assert set(top1) == {'backbone.2', 'backbone.3', 'backbone.4',
                         'neck.lateral.0', 'neck.lateral.1', 'neck.lateral.2',
                         'neck.fuse.input', 'neck', 'head.shared', 'head.cls'}
    assert res['val'] > 0 and all(0 <= a <= 1 for a in top1.values())
    # probed again with the stride-8 lateral silenced: it holds nothing
    quiet = res['top1'][path + ' (neck.laterals.0 silenced)']
    assert set(quiet) == set(top1)
    # zeros carry nothing: one class for every image, a quarter right
    # (the sample data's four classes, balanced in val)
    assert quiet['neck.lateral.0'] == 0.25
    assert quiet['backbone.2'] == top1['backbone.2']


def test_silenced_modules_output_zeros_then_come_back(sample_data):
    cfg = load_config('configs/stage3_cls.py', sample_data)
    cfg.model.backbone.init_cfg = None
    model = init_model(cfg)
    ds = DATASETS.build(sample_datasets(sample_data).cls_val)
    before, _ = pooled_features(model, ds)
    with silenced(model, ['neck.laterals.0', 'neck.laterals.1',
                          'neck.laterals.2']):
        quiet, _ = pooled_features(model, ds)
    after, _ = pooled_features(model, ds)
    for i in range(3):
        assert not quiet[f'neck.lateral.{i}'].any()
    assert not quiet['neck.fuse.input'].any()  # relu of a sum of zeros
    assert torch.equal(quiet['backbone.4'], before['backbone.4'])
    assert not torch.equal(quiet['neck'], before['neck'])
    for k in before:  # the hooks are gone: every feature as before
        assert torch.equal(after[k], before[k]), k
    with pytest.raises(ValueError, match=r"\['neck.lateral.0'\]"):
        with silenced(model, ['neck.lateral.0']):
            pass


def test_pooled_neck_points_are_the_laterals_and_their_relu_sum(sample_data):
    """A lateral (1x1 conv + BatchNorm, per-position affine) commutes with
    pooling: its pooled output is the lateral of the pooled backbone level;
    the fusing conv reads the ReLU of the summed laterals, never below 0."""
    cfg = load_config('configs/stage3_cls.py', sample_data)
    cfg.model.backbone.init_cfg = None
    model = init_model(cfg)
    for m in model.neck.modules():  # statistics that are not the identity
        if isinstance(m, torch.nn.BatchNorm2d):
            torch.nn.init.uniform_(m.running_var, 0.5, 2.0)
            torch.nn.init.normal_(m.running_mean)
    ds = DATASETS.build(sample_datasets(sample_data).cls_val)
    feats, labels = pooled_features(model, ds)
    assert len(labels) == len(ds)
    for i, lateral in enumerate(model.neck.laterals):
        level = feats[f'backbone.{model.backbone.out_indices[i]}']
        with torch.no_grad():
            expected = lateral(level[:, :, None, None]).flatten(1)
        assert torch.allclose(feats[f'neck.lateral.{i}'], expected,
                              atol=1e-4)
    assert feats['neck.fuse.input'].min() >= 0
    assert feats['neck.fuse.input'].shape == feats['neck.lateral.0'].shape
