# Stage 3 of `replay_long`: replay of seg and det with twice the epochs.
# The replayed samples pull on every step, so classification needs more
# steps than alone (8 epochs: Top-1 0.40; 16: 0.67 on the course data).
_base_ = ['./stage3_cls_replay.py']
load_from = 'work_dirs/stage2_det_replay_long'
strategy = 'replay_long'
max_epochs = 16
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
