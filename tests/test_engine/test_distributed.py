"""tools/train.py --launcher pytorch under torchrun: 2 CPU ranks (gloo)."""
import os
import os.path as osp
import socket
import subprocess
import sys

from tests_helpers import ROOT


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def test_two_cpu_ranks(sample_data, tmp_path):
    env = dict(os.environ, ONEHEAD_DATASETS='sample_data',
               ONEHEAD_SAMPLE_DATA=sample_data, OMP_NUM_THREADS='1')
    cmd = [sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node',
           '2', '--master_addr', '127.0.0.1', '--master_port',
           str(free_port()), osp.join(ROOT, 'tools', 'train.py'),
           osp.join(ROOT, 'configs', 'single_task', 'cls_mobilenetv2.py'),
           '--launcher', 'pytorch', '--work-dir', str(tmp_path),
           '--cfg-options', 'train_cfg.max_epochs=2',
           'train_cfg.val_interval=2', 'param_scheduler.1.end=2',
           'default_hooks.logger.interval=1']
    r = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True,
                       text=True, timeout=600)
    out = r.stdout + r.stderr
    assert r.returncode == 0, (
        f'trained to the end: {osp.isfile(tmp_path / "epoch_2.pth")}\n'
        f'stdout: {r.stdout[-1500:]}\nstderr: {r.stderr[-1500:]}')
    # the environment dump is in the log file (the console shows it with
    # --verbose)
    import glob
    log = ''.join(open(f).read()
                  for f in glob.glob(str(tmp_path / '2*' / '2*.log')))
    assert 'Distributed training: True' in log
    # 8 images / 2 ranks / batch 8 -> 1 iteration per epoch and rank
    assert 'Epoch(train) [2][1/1]' in out
    assert osp.isfile(tmp_path / 'epoch_2.pth')
