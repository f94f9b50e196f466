# Stage 3 of `replay_frozen_isolated`: classification gets a neck of its own
# (SingleFPN `private_channels`, 96 channels, new in this stage, from the
# frozen ImageNet backbone) feeding its private head channels; the shared
# neck is frozen and the shared head learns from the replayed seg and det
# samples only. In `replay_frozen` the shared neck learned for
# classification too and detection fell 37.5%; frozen without a neck of
# classification's own, detection held (-0.7%) but Top-1 stopped at 0.8667
# (probe on the same stage 2).
_base_ = ['./stage3_cls_replay_frozen.py']
load_from = 'work_dirs/stage2_det_replay_frozen_isolated'
strategy = 'replay_frozen_isolated'
model = dict(
    neck=dict(private_channels=dict(cls=96)),
    frozen=['backbone', 'neck.laterals', 'neck.fuse'],
    norm_eval=['backbone', 'neck.laterals', 'neck.fuse', 'head.convs'])
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'neck.private': dict(lr_mult=1.0)}))
