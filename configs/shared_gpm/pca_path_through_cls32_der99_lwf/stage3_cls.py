# Variant: `pca_path_through_cls32_der99` whose stage 3 also distils
# detection's channels of the stage-2 model on classification's own
# images (LwF, `LwFHook(tasks=['det'])`): the stored outputs hold
# detection on 48 of its training images, the distillation on every
# classification batch, so the stride-32 stages' updates are pulled back
# wherever they move detection's outputs on photos it never saw. The
# rest as there.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/pca_path_through_cls32_der99_lwf/'
             'stage2_det')
model = _base_.stride32_cls_model
optim_wrapper = _base_.backbone_cls_optim
custom_hooks = _base_.stride32_der99_hooks + [
    dict(_base_.lwf, tasks=['det'])]
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
