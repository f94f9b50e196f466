"""The course's backbones: levels, channels, parameters, and torchvision's
ImageNet weights found, hash-checked, or asked for by name."""
import os.path as osp
import urllib.error

import pytest
import torch
import torchvision

from onehead.models.backbones import (EfficientNetB0, FastSCNN,
                                      MobileNetV3Small, WeightsNotFoundError)
from onehead.models.backbones import torchvision_weights as tvw
from onehead.registry import MODELS


def n_params(module):
    return sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize('cls, tv, strides, channels, last', [
    (MobileNetV3Small, torchvision.models.mobilenet_v3_small, (8, 16, 32),
     (24, 48, 576), 12),
    (EfficientNetB0, torchvision.models.efficientnet_b0, (8, 16, 32),
     (40, 112, 320), 7)])
def test_torchvision_backbones_levels(cls, tv, strides, channels, last):
    b = cls().eval()
    outs = b(torch.zeros(1, 3, 128, 128))
    assert [128 // o.shape[-1] for o in outs] == list(strides)
    assert [o.shape[1] for o in outs] == list(channels)
    assert b.out_channels == list(channels)
    assert b.out_strides == list(strides)
    assert n_params(b) == n_params(tv().features[:last + 1])


def test_fast_scnn_levels_and_size():
    b = FastSCNN().eval()
    outs = b(torch.zeros(1, 3, 128, 128))
    assert [o.shape[1:] for o in outs] == [(64, 16, 16), (64, 8, 8),
                                           (128, 4, 4)]
    fused = FastSCNN(out_indices=(3, )).eval()
    assert fused(torch.zeros(1, 3, 128, 128))[0].shape[1:] == (128, 16, 16)
    # the paper's encoder: about 1.1M parameters (with the fusion module)
    assert n_params(b) == 1_072_752
    assert n_params(fused) == 1_099_248


@pytest.fixture
def tv_state(tmp_path):
    """A torchvision-format MobileNetV3-Small state dict, written here."""
    sd = torchvision.models.mobilenet_v3_small().state_dict()
    path = tmp_path / 'mnv3.pth'
    torch.save(sd, str(path))
    return sd, path


def test_weights_from_a_named_file(tv_state):
    sd, path = tv_state
    m = MODELS.build(dict(type='MobileNetV3Small', init_cfg=dict(
        type='Pretrained', checkpoint=str(path))))
    m.init_weights()
    for k, v in m.state_dict().items():
        assert torch.equal(v, sd[k]), k


def test_torchvision_scheme_checks_the_hash(tv_state, tmp_path, monkeypatch):
    sd, path = tv_state
    import hashlib
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    good = tmp_path / 'weights' / f'mobilenet_v3_small-{digest[:8]}.pth'
    good.parent.mkdir()
    good.write_bytes(path.read_bytes())
    monkeypatch.setenv('ONEHEAD_WEIGHTS', str(good.parent))
    monkeypatch.setenv('TORCH_HOME', str(tmp_path / 'torch'))
    monkeypatch.setattr(tvw, 'weights_url',
                        lambda name: f'https://host/x/{good.name}')
    m = MODELS.build(dict(type='MobileNetV3Small', init_cfg=dict(
        type='Pretrained', checkpoint='torchvision://mobilenet_v3_small')))
    m.init_weights()
    assert torch.equal(m.features[0][0].weight, sd['features.0.0.weight'])
    # a file whose content does not match the hash in its name
    bad = good.parent / 'mobilenet_v3_small-00000000.pth'
    bad.write_bytes(path.read_bytes())
    monkeypatch.setattr(tvw, 'weights_url',
                        lambda name: f'https://host/x/{bad.name}')
    with pytest.raises(ValueError, match=f'{bad}: SHA-256 .* does not '
                       'begin with 00000000'):
        tvw.find_weights('mobilenet_v3_small')


def test_offline_without_the_file_says_what_to_fetch(tmp_path, monkeypatch):
    monkeypatch.delenv('ONEHEAD_WEIGHTS', raising=False)
    monkeypatch.setenv('TORCH_HOME', str(tmp_path / 'torch'))

    def offline(*args, **kwargs):
        raise urllib.error.URLError('no network')
    monkeypatch.setattr(torch.hub, 'download_url_to_file', offline)
    target = osp.join(str(tmp_path / 'torch'), 'hub', 'checkpoints',
                      'efficientnet_b0_rwightman-7f5810bc.pth')
    with pytest.raises(WeightsNotFoundError) as e:
        tvw.find_weights('efficientnet_b0')
    msg = str(e.value)
    assert 'Fetch https://download.pytorch.org/models/efficientnet_b0_' \
        'rwightman-7f5810bc.pth' in msg and f'put it at {target}' in msg


def test_building_asks_for_no_weights(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError('reached for the network')
    monkeypatch.setattr(torch.hub, 'download_url_to_file', no_network)
    for t in ('MobileNetV3Small', 'EfficientNetB0', 'FastSCNN'):
        MODELS.build(dict(type=t)).init_weights()
