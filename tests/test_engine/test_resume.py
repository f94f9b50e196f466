"""A stage killed mid-way and resumed keeps its replay buffer, Fisher and
teacher, and ends exactly as an uninterrupted run (sample data)."""
import json
import os
import os.path as osp

import pytest
import torch
from mmengine.hooks import Hook
from mmengine.runner import Runner

from onehead.engine.hooks import EWCHook, LwFHook, ReplayHook
from onehead.engine.hooks import ewc_hook, replay_hook
from tests_helpers import load_config


class KillAfterEpoch(Hook):
    """Simulates a crash right after the checkpoint of ``epoch``."""
    priority = 'VERY_LOW'  # after the CheckpointHook

    def __init__(self, epoch):
        self.epoch = epoch

    def after_train_epoch(self, runner):
        if runner.epoch + 1 == self.epoch:
            raise KeyboardInterrupt('killed')


def stage_cfg(rel, sample_data, work_dir, epochs, **extra):
    os.environ['ONEHEAD_DATASETS'] = 'sample_data'
    try:
        cfg = load_config(rel, sample_data)
    finally:
        os.environ.pop('ONEHEAD_DATASETS')
    cfg.work_dir = str(work_dir)
    cfg.train_cfg.max_epochs = epochs
    cfg.train_cfg.val_interval = epochs
    cfg.param_scheduler[1].end = epochs
    cfg.default_hooks.logger.interval = 1
    cfg.log_level = 'WARNING'
    cfg.update(extra)
    return cfg


def hook_of(runner, cls):
    return next(h for h in runner.hooks if isinstance(h, cls))


@pytest.fixture(scope='module')
def stage1(sample_data, tmp_path_factory):
    wd = tmp_path_factory.mktemp('stage1')
    Runner.from_cfg(stage_cfg('configs/stage1_seg.py', sample_data, wd,
                              2)).train()
    return wd


def strategy_cfg(sample_data, stage1, wd, **extra):
    cfg = stage_cfg('configs/stage2_det_replay_lwf.py', sample_data, wd, 2,
                    load_from=osp.join(stage1, 'epoch_2.pth'), **extra)
    # augmentations in two worker processes, seeded per epoch
    cfg.train_dataloader.num_workers = 2
    cfg.custom_hooks.append(dict(
        type='EWCHook', lambda_=10.0,
        tasks=dict(seg=dict(dataset=cfg.seg_train, num_samples=4))))
    return cfg


def test_resume_keeps_buffer_fisher_teacher(sample_data, stage1, tmp_path,
                                            monkeypatch):
    # uninterrupted
    full = Runner.from_cfg(strategy_cfg(sample_data, stage1,
                                        tmp_path / 'full'))
    full.train()
    # killed after epoch 1 ...
    killed = Runner.from_cfg(strategy_cfg(sample_data, stage1,
                                          tmp_path / 'killed'))
    killed.register_hook(KillAfterEpoch(1))
    with pytest.raises(KeyboardInterrupt):
        killed.train()
    assert osp.isfile(tmp_path / 'killed' / 'epoch_1.pth')
    # ... and resumed: nothing may be rebuilt from scratch
    monkeypatch.setattr(ewc_hook, 'diagonal_fisher', None)
    monkeypatch.setattr(replay_hook.ReplayHook, 'fill', None)
    cfg = strategy_cfg(sample_data, stage1, tmp_path / 'killed',
                       resume=True)
    cfg.load_from = None  # auto: the latest checkpoint of the work dir
    resumed = Runner.from_cfg(cfg)
    resumed.train()
    assert resumed.train_loop.epoch == 2

    a, b = hook_of(full, ReplayHook), hook_of(resumed, ReplayHook)
    assert [i['img_path'] for i in a.buffers['seg']] == \
        [i['img_path'] for i in b.buffers['seg']]
    fa, fb = hook_of(full, EWCHook).state, hook_of(resumed, EWCHook).state
    for k, v in fa['seg']['fisher'].items():
        torch.testing.assert_close(v, fb['seg']['fisher'][k])
        torch.testing.assert_close(fa['seg']['anchor'][k],
                                   fb['seg']['anchor'][k])
    # the teacher is the stage-1 model, not the student of epoch 1
    stage1_state = torch.load(osp.join(stage1, 'epoch_2.pth'),
                              weights_only=False)['state_dict']
    ta = hook_of(full, LwFHook).teacher.state_dict()
    tb = hook_of(resumed, LwFHook).teacher.state_dict()
    for k, v in stage1_state.items():
        assert torch.equal(ta[k], v) and torch.equal(tb[k], v), k

    ra = json.load(open(tmp_path / 'full' / 'stage_results.json'))
    rb = json.load(open(tmp_path / 'killed' / 'stage_results.json'))
    assert [s['stage'] for s in rb['stages']] == [osp.basename(stage1),
                                                  'killed']
    # every random draw depends on (seed, epoch) alone: the same metrics
    assert ra['final'] == rb['final'], (ra, rb)
