"""User errors end in a message that names what is wrong and what to do
(a misspelt --cfg-options key, missing data)."""
import pytest
from mmengine.config import Config

from onehead.utils import check_cfg_options


def test_unknown_top_level_key_names_the_nearest():
    cfg = Config(dict(train_cfg=dict(max_epochs=3), val_cfg=dict(),
                      model=dict(type='M')))
    with pytest.raises(KeyError, match="trian_cfg.max_epochs: the config has "
                       "no key 'trian_cfg'; did you mean train_cfg"):
        check_cfg_options(cfg, {'trian_cfg.max_epochs': 1})
    with pytest.raises(KeyError, match="no key 'zzz'"):
        check_cfg_options(cfg, {'zzz': 1})
    check_cfg_options(cfg, {'train_cfg.max_epochs': 1, 'model.type': 'N'})
    # keys mmengine's Runner takes are fine even where the config lacks them
    check_cfg_options(cfg, {'custom_imports.imports': ['x'],
                            'auto_scale_lr.base_batch_size': 8})


def test_train_py_refuses_a_misspelt_key(tmp_path):
    import subprocess
    import sys
    from tests_helpers import ROOT
    r = subprocess.run(
        [sys.executable, f'{ROOT}/tools/train.py',
         f'{ROOT}/configs/stage1_seg.py', '--work-dir', str(tmp_path),
         '--cfg-options', 'trian_cfg.max_epochs=1'],
        capture_output=True, text=True, timeout=300)
    assert r.returncode != 0
    assert "did you mean train_cfg" in r.stderr


def test_train_py_without_data_names_prepare_data(tmp_path):
    import os
    import subprocess
    import sys
    from tests_helpers import ROOT
    env = dict(os.environ, ONEHEAD_DATA=str(tmp_path / 'nothing'))
    env.pop('ONEHEAD_DATASETS', None)
    r = subprocess.run(
        [sys.executable, f'{ROOT}/tools/train.py',
         f'{ROOT}/configs/stage1_seg.py', '--work-dir', str(tmp_path / 'wd'),
         '--cfg-options', 'model.backbone.init_cfg=None'],
        capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode != 0
    assert 'split file not found' in r.stderr
    assert 'python tools/prepare_data.py --out data' in r.stderr
    # the configuration dump stays off the console
    assert 'Config:' not in r.stdout
