# Variant: `pca_path_wide_gpm_backbone90`'s stage 3 (classification's
# output rows, 320x320 images; the neck and head frozen) in which the
# backbone's deep stages learn classification too: their 1x1 convolutions
# under the projection (segmentation's basis kept from stage 2, detection's
# added at 97% of its patch energy), their depthwise ones frozen, every
# BatchNorm fixed, at 1/300 of the rows' rate (1e-4, detection's rate for
# them in stage 2).
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/pca_path_wide_gpm_backbone90_cls/stage2_det'
depthwise = [f'backbone.features.{i}.conv.1' for i in range(7, 18)]
model = dict(neck=_base_.wide_neck, backbone=dict(frozen_stages=2),
             frozen=['neck', 'head.convs'] + depthwise,
             norm_eval=['backbone', 'neck', 'head.convs'])
optim_wrapper = _base_.backbone_cls_optim
custom_hooks = [dict(_base_.projection, modules=_base_.deep_stages)]
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
