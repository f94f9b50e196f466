"""A broken val mask stops a stage before it trains, naming the file."""
import shutil

import pytest
from mmengine.hooks import Hook
from mmengine.runner import Runner

from onehead.datasets.transforms import ImageLoadError
from tests_helpers import corrupt_mask, load_config


class CountIters(Hook):
    iters = 0

    def after_train_iter(self, runner, **kwargs):
        CountIters.iters += 1


def test_bad_val_mask_stops_the_stage_before_training(sample_data,
                                                      tmp_path):
    data = tmp_path / 'data'
    shutil.copytree(sample_data, data)
    corrupt_mask(data / 'mini_voc_seg' / 'SegmentationClass' /
                 'val_00001.png')
    cfg = load_config('configs/stage1_seg.py', str(data), 'sample_data')
    cfg.work_dir = str(tmp_path / 'wd')
    cfg.model.backbone.init_cfg = None
    cfg.log_level = 'WARNING'
    runner = Runner.from_cfg(cfg)
    runner.register_hook(CountIters())
    with pytest.raises(ImageLoadError, match='val_00001.png: mask values'):
        runner.train()
    assert CountIters.iters == 0
