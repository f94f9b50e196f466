# Stage 3 of `replay_frozen_locked_long`: `replay_frozen_locked`'s with 64
# epochs (32): without replay and with the backbone frozen the stage took 2
# minutes, and seg and det cannot move in it.
_base_ = ['./stage3_cls_replay_frozen_locked.py']
load_from = 'work_dirs/stage2_det_replay_frozen_locked_long'
strategy = 'replay_frozen_locked_long'
max_epochs = 64
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
