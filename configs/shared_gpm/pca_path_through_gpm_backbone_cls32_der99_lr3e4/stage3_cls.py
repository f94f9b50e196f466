# Variant: `pca_path_through_gpm_backbone_cls32_der99`'s stage 3 with the
# stride-32 stages learning at 3e-4 (1/100 of the output rows' rate)
# instead of 1e-4. The rest as there: detection's patches kept at 99% of
# their energy, segmentation's at 97%; only features 14-18 learn, 1x1
# convolutions under the projection, depthwise ones frozen, every
# BatchNorm fixed; replayed detection samples with their stored outputs
# (DER++, plain views); the earlier tasks' output rows kept.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/'
             'pca_path_through_gpm_backbone_cls32_der99_lr3e4/stage2_det')
model = _base_.stride32_cls_model
optim_wrapper = dict(_base_.backbone_cls_optim, paramwise_cfg=dict(
    custom_keys={'backbone': dict(lr_mult=0.01)}))
custom_hooks = _base_.stride32_der99_hooks
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
