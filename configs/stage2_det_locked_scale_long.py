# Stage 2 of `locked_scale_long`: `locked_scale`'s with 50 detection epochs
# (30): with seg's parts frozen and nothing replayed an epoch costs 19 s,
# and the 45-minute budget had 13 minutes left.
_base_ = ['./stage2_det_locked_scale.py']
strategy = 'locked_scale_long'
max_epochs = 50
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
