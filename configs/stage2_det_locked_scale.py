# Stage 2 of `locked_scale`: detection learns in a neck (a second FPN, new in
# this stage) and head channels of its own; everything seg reads is frozen
# (backbone, shared neck, shared head, and the output conv's seg rows,
# which without a seg loss only weight decay could move: none on it), so
# seg ends the stage as it began it and nothing is replayed.
_base_ = ['./stage2_det_replay_frozen_scale.py']
load_from = 'work_dirs/stage1_seg_locked_scale'
strategy = 'locked_scale'
custom_hooks = []
model = dict(
    task_weights=None,
    neck=dict(private_channels=dict(det=96)),
    head=dict(private_channels=dict(det=128)),
    frozen=['backbone', 'neck.laterals', 'neck.fuse', 'head.convs'])
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'head.out_conv': dict(decay_mult=0.0)}))
