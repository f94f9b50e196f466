"""A broken val mask stops a stage before it trains, naming the file."""
import os
import shutil

import numpy as np
import pytest
from mmengine.hooks import Hook
from mmengine.runner import Runner
from PIL import Image

from onehead.datasets.transforms import ImageLoadError
from tests_helpers import load_config


class CountIters(Hook):
    iters = 0

    def after_train_iter(self, runner, **kwargs):
        CountIters.iters += 1


def test_bad_val_mask_stops_the_stage_before_training(sample_data,
                                                      tmp_path):
    data = tmp_path / 'data'
    shutil.copytree(sample_data, data)
    path = data / 'mini_voc_seg' / 'SegmentationClass' / 'val_00001.png'
    m = Image.open(path)
    arr = np.array(m)
    arr[0, :3] = 42
    bad = Image.fromarray(arr, mode='P')
    bad.putpalette(m.getpalette())
    bad.save(path)
    os.environ['ONEHEAD_DATASETS'] = 'sample_data'
    try:
        cfg = load_config('configs/stage1_seg.py', str(data))
    finally:
        os.environ.pop('ONEHEAD_DATASETS')
    cfg.work_dir = str(tmp_path / 'wd')
    cfg.model.backbone.init_cfg = None
    cfg.log_level = 'WARNING'
    runner = Runner.from_cfg(cfg)
    runner.register_hook(CountIters())
    with pytest.raises(ImageLoadError, match='val_00001.png: mask values'):
        runner.train()
    assert CountIters.iters == 0
