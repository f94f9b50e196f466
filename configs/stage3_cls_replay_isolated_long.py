# Stage 3 of `replay_isolated_long`: `replay_isolated`'s with 32 epochs
# instead of 16. With the backbone frozen an epoch costs half as much, and
# the classification loss was still falling at 16.
_base_ = ['./stage3_cls_replay_isolated.py']
load_from = 'work_dirs/stage2_det_replay_isolated_long'
strategy = 'replay_isolated_long'
max_epochs = 32
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
