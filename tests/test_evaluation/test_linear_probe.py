"""Linear probes (onehead/evaluation/linear_probe.py, tools/linear_probe.py)."""
import json
import os.path as osp
import sys

import torch
from mmengine.runner import save_checkpoint

from onehead.apis import init_model
from onehead.evaluation.linear_probe import probe_accuracy
from tests_helpers import ROOT, load_config


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
    sys.path.insert(0, osp.join(ROOT, 'tools'))
    try:
        from linear_probe import main
    finally:
        sys.path.pop(0)
    out = tmp_path / 'probe.json'
    # the config's own head is 128 wide: the checkpoint's saved config wins
    main([osp.join(ROOT, 'configs', 'stage3_cls.py'), path,
          '--out', str(out)])
    res = json.loads(out.read_text())
    top1 = res['top1'][path]
    assert set(top1) == {'backbone.2', 'backbone.3', 'backbone.4', 'neck',
                         'head.shared', 'head.cls'}
    assert res['val'] > 0 and all(0 <= a <= 1 for a in top1.values())
