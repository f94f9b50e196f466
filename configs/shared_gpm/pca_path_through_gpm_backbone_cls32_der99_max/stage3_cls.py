# Variant: `pca_path_through_gpm_backbone_cls32_der99`'s stage 3 with
# classification's logits pooled as their maximum over the cells
# (`UnifiedHead(cls_pooling='max')`): the cell most sure of a class
# decides, however few cells the object fills. No weights added. The rest
# as there: the backbone's stride-32 stages learn at 1e-4 under the
# projection (detection's patches at 99%); replayed detection samples
# with their stored outputs (DER++); the earlier tasks' output rows kept.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/'
             'pca_path_through_gpm_backbone_cls32_der99_max/stage2_det')
model = dict(_base_.stride32_cls_model, head=dict(cls_pooling='max'))
optim_wrapper = _base_.backbone_cls_optim
custom_hooks = _base_.stride32_der99_hooks
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
