# Classification in weights of its own (a second FPN and its head
# channels); everything the earlier tasks read is frozen, their BatchNorm
# statistics included.
_base_ = ['../_base_/stages/cls.py']
load_from = 'work_dirs/locked_deep_rfs/stage2_det'
model = dict(
    backbone=dict(out_indices=(2, 3, 5), private_stages=dict(det=3)),
    neck=dict(private_channels=dict(det=96, cls=96)),
    head=dict(feat_channels=256, private_channels=dict(det=128, cls=128)),
    frozen=['shared', 'det'], norm_eval=['shared', 'backbone'])
# no weight decay on the output rows (the earlier tasks' rows get no
# gradient here: decay alone would move them); the new neck's BatchNorm
# weights decay like its convolutions (a custom key overrides
# norm_decay_mult)
optim_wrapper = dict(optimizer=dict(lr=3e-3), paramwise_cfg=dict(
    custom_keys={'neck.private': dict(lr_mult=1.0),
                 'head.out_conv': dict(decay_mult=0.0)}))
train_cfg = dict(max_epochs=64)
