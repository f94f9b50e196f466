# Stage 3 of `locked_scale`: `replay_frozen_long`'s (classification in a
# neck and head channels of its own, 64 epochs) with detection's neck and
# head channels frozen as well.
_base_ = ['./stage3_cls_replay_frozen_long.py']
load_from = 'work_dirs/stage2_det_locked_scale'
strategy = 'locked_scale'
model = dict(
    neck=dict(private_channels=dict(det=96, cls=96)),
    head=dict(private_channels=dict(det=128)),
    frozen=['backbone', 'neck.laterals', 'neck.fuse', 'neck.private.det',
            'head.convs', 'head.private_convs.det'])
