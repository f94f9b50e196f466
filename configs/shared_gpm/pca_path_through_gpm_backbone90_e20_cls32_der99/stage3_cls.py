# Variant: `pca_path_through_gpm_backbone_cls32_der99`'s stage 3 on
# `pca_path_through_gpm_backbone90_e20`'s stages 1 and 2: only the
# stride-32 stages (features 14-18) learn classification, 1x1
# convolutions under the projection (segmentation's basis kept from stage
# 2, detection's patches at 99% of their energy), depthwise ones frozen,
# every BatchNorm fixed, 1e-4; replayed detection samples with their
# stored outputs (DER++, plain views); the earlier tasks' output rows
# kept.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/'
             'pca_path_through_gpm_backbone90_e20_cls32_der99/stage2_det')
model = _base_.stride32_cls_model
optim_wrapper = _base_.backbone_cls_optim
custom_hooks = _base_.stride32_der99_hooks
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
