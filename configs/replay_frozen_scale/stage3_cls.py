# Classification in a second FPN and head channels of its own; what the
# earlier tasks read is frozen, BatchNorm statistics included.
_base_ = ['../_base_/stages/cls.py']
load_from = 'work_dirs/replay_frozen_scale/stage2_det'
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             neck=dict(private_channels=dict(cls=96)),
             head=dict(feat_channels=256, private_channels=dict(cls=128)),
             frozen=['shared'], norm_eval=['shared'])
# classification's own neck learns at the full rate, its BatchNorm weights
# decaying like its convolutions (a custom key overrides norm_decay_mult);
# the output rows do not decay: the earlier tasks' rows get no gradient
optim_wrapper = dict(optimizer=dict(lr=3e-3), paramwise_cfg=dict(
    custom_keys={'neck.private': dict(lr_mult=1.0),
                 'head.out_conv': dict(decay_mult=0.0)}))
train_cfg = dict(max_epochs=64)
