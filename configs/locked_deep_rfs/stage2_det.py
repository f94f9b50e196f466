# Detection in weights of its own: a copy of the backbone's stride-16/32
# stages, a second FPN and its head channels; what segmentation reads is
# frozen. Images of rare classes are repeated (ClassBalancedDataset,
# threshold 0.1): 8 of the 10 classes have 9-20 training images.
_base_ = ['../_base_/stages/det.py']
load_from = 'work_dirs/locked_deep_rfs/stage1_seg'
model = dict(
    backbone=dict(out_indices=(2, 3, 5), private_stages=dict(det=3)),
    neck=dict(private_channels=dict(det=96)),
    head=dict(feat_channels=256, private_channels=dict(det=128, cls=128)),
    frozen=['shared'], norm_eval=True)
optim_wrapper = dict(
    optimizer=dict(lr=3e-3),
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=1 / 30),
                                    'head.out_conv': dict(decay_mult=0.0)}))
train_cfg = dict(max_epochs=40)
train_dataloader = dict(dataset=dict(
    _delete_=True, type='ClassBalancedDataset', oversample_thr=0.1,
    dataset=_base_.det_train_scale_aug))
