# Stage 1 of `replay_frozen_long`: `replay_frozen`'s with 40 epochs instead
# of 20 and the neck+head learning rate of stage 2 (3e-3). Why: with the
# backbone frozen a stage-1 epoch costs a third, and in `replay_frozen_locked`
# seg rose from 0.146 to 0.185 during stage 2 on a few replayed images a
# batch at 3e-3, so stage 1 had stopped short (half the classes at IoU 0).
_base_ = ['./stage1_seg_replay_frozen.py']
strategy = 'replay_frozen_long'
optim_wrapper = dict(optimizer=dict(lr=3e-3))
max_epochs = 40
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
