# Stage 2 of `replay_plastic_det18`: `replay_plastic`'s with 18 epochs
# instead of 12 (the detector underfits its own training images).
_base_ = ['./stage2_det_replay_plastic.py']
strategy = 'replay_plastic_det18'
max_epochs = 18
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
