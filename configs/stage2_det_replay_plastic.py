# Stage 2 of `replay_plastic`: replay with a 3x learning rate for the neck
# and head (the backbone's stays 1e-4): the stage-1 head must turn to boxes.
_base_ = ['./stage2_det_replay.py']
strategy = 'replay_plastic'
optim_wrapper = dict(
    optimizer=dict(lr=3e-3),
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=1 / 30)}))
