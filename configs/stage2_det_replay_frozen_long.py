# Stage 2 of `replay_frozen_long`: `replay_frozen_locked`'s (seg replayed at
# 2x) with 30 epochs instead of 20: detection was still learning.
_base_ = ['./stage2_det_replay_frozen_locked.py']
load_from = 'work_dirs/stage1_seg_replay_frozen_long'
strategy = 'replay_frozen_long'
max_epochs = 30
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
