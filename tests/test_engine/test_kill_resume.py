"""A real stage run killed with SIGKILL at three moments (before its first
checkpoint, mid-epoch, while a checkpoint is being written) and resumed
each time ends with bit-identical weights to an uninterrupted run."""
import json
import os
import os.path as osp
import signal
import subprocess
import sys
import time

import pytest
import torch
from mmengine.runner import save_checkpoint

from onehead.apis import init_model
from tests_helpers import ROOT, load_config

EPOCHS = 3


@pytest.fixture(scope='module')
def stage(sample_data, tmp_path_factory):
    """A replay + LwF detection stage (val after epochs 2 and 3, so a
    validation runs between a save and the next epoch) on the sample data,
    started from a stage-1 checkpoint."""
    tmp = tmp_path_factory.mktemp('kill')
    cfg = load_config('configs/stage1_seg.py', sample_data, 'sample_data')
    cfg.model.backbone.init_cfg = None
    stage1 = str(tmp / 'stage1.pth')
    save_checkpoint(dict(state_dict=init_model(cfg).state_dict()), stage1)
    config = tmp / 'stage.py'
    config.write_text(
        f"_base_ = [{osp.join(ROOT, 'configs', 'stage2_det_replay_lwf.py')!r}]"
        "\ncustom_imports = dict(imports=['pause_points'])\n"
        "custom_hooks = _base_.custom_hooks + [dict(type='PauseHook')]\n")
    opts = ['--cfg-options', f'load_from={stage1}',
            f'train_cfg.max_epochs={EPOCHS}', 'train_cfg.val_interval=2',
            f'param_scheduler.1.end={EPOCHS}',
            'train_dataloader.batch_size=4', 'log_level=WARNING',
            'model.backbone.init_cfg=None']
    return str(config), opts, sample_data, tmp


def train(stage, work_dir, pause='', resume=False):
    """Run tools/train.py; with ``pause``, SIGKILL it there. Returns its
    output."""
    config, opts, sample_data, tmp = stage
    marker = str(tmp / 'paused')
    if osp.exists(marker):
        os.remove(marker)
    env = dict(os.environ, ONEHEAD_DATASETS='sample_data',
               ONEHEAD_SAMPLE_DATA=sample_data, ONEHEAD_TEST_PAUSE=pause,
               ONEHEAD_TEST_PAUSE_MARKER=marker,
               PYTHONPATH=osp.join(ROOT, 'tests'))
    cmd = [sys.executable, osp.join(ROOT, 'tools', 'train.py'), config,
           '--work-dir', str(work_dir)] + (['--resume'] if resume else []) \
        + opts
    log = open(tmp / 'log.txt', 'w+')
    proc = subprocess.Popen(cmd, env=env, cwd=str(tmp), stdout=log,
                            stderr=subprocess.STDOUT)
    deadline = time.time() + 600
    while pause and not osp.exists(marker) and proc.poll() is None and \
            time.time() < deadline:
        time.sleep(0.2)
    if pause and proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    rc = proc.wait(timeout=600)
    log.seek(0)
    out = log.read()
    if pause:
        assert rc == -signal.SIGKILL and osp.exists(marker), out[-3000:]
    else:
        assert rc == 0, out[-3000:]
    return out


def final_state(work_dir):
    return torch.load(osp.join(work_dir, f'epoch_{EPOCHS}.pth'),
                      weights_only=False)['state_dict']


def test_killed_three_times_ends_bit_identical(stage):
    tmp = stage[3]
    full, killed = tmp / 'full', tmp / 'killed'
    train(stage, full)
    # 1. before the first checkpoint: --resume finds nothing and keeps
    #    load_from (the stage-1 weights), saying so
    train(stage, killed, pause='iter:1')
    assert not any(f.endswith('.pth') for f in os.listdir(killed))
    out = train(stage, killed, pause='iter:3', resume=True)
    assert 'holds no checkpoint yet; starting the stage from' in out
    assert 'stage1.pth' in out
    # 2. mid-epoch 2: epoch 1's checkpoint is there
    assert osp.isfile(killed / 'epoch_1.pth')
    # 3. while epoch 2's checkpoint is half written: epoch 1's stays, and
    #    last_checkpoint still names it
    train(stage, killed, pause='save:1', resume=True)
    assert osp.isfile(killed / 'epoch_1.pth')
    assert not osp.isfile(killed / 'epoch_2.pth')
    assert open(killed / 'last_checkpoint').read().endswith('epoch_1.pth')
    train(stage, killed, resume=True)

    a, b = final_state(full), final_state(killed)
    assert a.keys() == b.keys()
    differ = [k for k in a if not torch.equal(a[k], b[k])]
    assert not differ, differ[:5]
    ra = json.load(open(full / 'stage_results.json'))
    rb = json.load(open(killed / 'stage_results.json'))
    assert ra['final'] == rb['final']
