# Stage 2 of `replay_frozen`: `replay_isolated_1280`'s with the backbone
# frozen, 20 epochs.
_base_ = ['./stage2_det_replay_isolated_1280.py']
load_from = 'work_dirs/stage1_seg_replay_frozen'
model = dict(frozen=['backbone'], norm_eval=True)
strategy = 'replay_frozen'
max_epochs = 20
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
