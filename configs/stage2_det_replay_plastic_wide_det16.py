# Stage 2 of `replay_plastic_wide_det16`: `replay_plastic_wide`'s with 16
# epochs instead of 12 (the detector underfits its own training images).
_base_ = ['./stage2_det_replay_plastic_wide.py']
strategy = 'replay_plastic_wide_det16'
max_epochs = 16
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
