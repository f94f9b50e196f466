"""``--amp`` on a CPU: bf16 only where it is native, fp32 + channels_last
where oneDNN would emulate it (tens of times slower)."""
import os.path as osp
import sys

import pytest
import torch

import onehead.utils.precision as precision
from onehead.apis import enable_fast_path, init_model
from onehead.utils import amp_autocast_dtype
from tests_helpers import ROOT, import_tool, load_config


@pytest.fixture
def native(monkeypatch):
    """Set what the CPU is said to support."""
    def set_native(value: bool):
        monkeypatch.setattr(precision, 'cpu_bf16_is_native', lambda: value)
    return set_native


def test_cpu_bf16_is_native_answers_a_bool():
    assert precision.cpu_bf16_is_native() in (True, False)


def test_autocast_is_bf16_only_where_native(native, recwarn):
    native(True)
    assert amp_autocast_dtype() == 'bfloat16'
    assert not recwarn.list
    native(False)
    with pytest.warns(UserWarning, match='no native bf16.*fp32 with '
                      'channels_last'):
        assert amp_autocast_dtype() is None
    recwarn.clear()  # a GPU's autocast does not depend on the host CPU
    assert amp_autocast_dtype('cuda') == 'bfloat16'
    assert not recwarn.list


def test_fast_path_amp_keeps_fp32_without_native_bf16(native):
    cfg = load_config('configs/stage3_cls.py')
    cfg.model.backbone.init_cfg = None
    model = init_model(cfg)
    native(False)
    with pytest.warns(UserWarning, match='no native bf16'):
        enable_fast_path(model, amp=True)
    assert model.autocast is None and model.data_preprocessor.channels_last
    with torch.no_grad():  # runs, in fp32
        out = model(torch.randn(1, 3, 64, 64), mode='tensor')
    assert out.dtype == torch.float32
    native(True)
    enable_fast_path(model, amp=True)
    assert model.autocast == 'bfloat16'


@pytest.mark.parametrize('is_native,autocast', [(True, 'bfloat16'),
                                                (False, None)])
def test_train_amp_on_cpu(native, monkeypatch, recwarn, is_native,
                          autocast):
    """tools/train.py --amp: channels_last always, bf16 where native."""
    if torch.cuda.is_available():
        pytest.skip('--amp is CUDA AMP on a GPU')
    train = import_tool('train')
    native(is_native)
    monkeypatch.setattr(sys, 'argv', [
        'train.py', osp.join(ROOT, 'configs', 'stage1_seg.py'), '--amp',
        '--work-dir', 'unused'])
    cfg = train.build_cfg(train.parse_args())
    assert cfg.model.autocast == autocast
    assert cfg.model.data_preprocessor.channels_last is True
    warned = [w for w in recwarn.list if 'no native bf16' in str(w.message)]
    assert len(warned) == (0 if is_native else 1)


def test_train_stages_records_the_precision(native):
    if torch.cuda.is_available():
        pytest.skip('--amp is CUDA AMP on a GPU')
    train_stages = import_tool('train_stages')
    native(False)
    with pytest.warns(UserWarning, match='no native bf16'):
        assert train_stages.run_precision(True) == 'fp32-channels-last'
    native(True)
    assert train_stages.run_precision(True) == 'bf16'
    assert train_stages.run_precision(False) == 'fp32'
    report = import_tool('report')
    for p in ('fp32', 'bf16', 'fp32-channels-last', 'cuda-amp'):
        assert report.PRECISION[p]
