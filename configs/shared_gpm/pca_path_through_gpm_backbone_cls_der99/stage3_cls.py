# Variant: `pca_path_through_gpm_backbone_cls_der`'s stage 3 with
# detection's patches kept tighter, as `..._cls32_der99` keeps them: the
# projection keeps 99% of their energy instead of 97% (segmentation's
# basis, kept from stage 2, as before) on all the deep stages (features
# 7-18) that learn classification here. The rest as there: 1x1
# convolutions under the projection, depthwise ones frozen, every
# BatchNorm fixed, 1e-4; replayed detection samples with their stored
# outputs (DER++, plain views); the earlier tasks' output rows kept.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/pca_path_through_gpm_backbone_cls_der99/'
             'stage2_det')
model = _base_.deep_cls_model
optim_wrapper = _base_.backbone_cls_optim
custom_hooks = [
    dict(_base_.projection, modules=_base_.deep_stages,
         threshold=dict(seg=0.97, det=0.99)),
    _base_.det_replay_outputs, _base_.earlier_rows_kept]
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
