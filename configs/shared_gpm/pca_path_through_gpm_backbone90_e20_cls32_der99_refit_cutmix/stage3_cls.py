# Variant: `pca_path_through_gpm_backbone90_e20_cls32_der99_refit`'s stage
# 3 (copied: the refit of detection's rows, the stride-32 stages under the
# projection, the stored outputs) with classification's samples mixed by
# CutMix in half the batches (`cutmix`): 240 training images are fit
# almost exactly by the end of the stage.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/'
             'pca_path_through_gpm_backbone90_e20_cls32_der99_refit_cutmix/'
             'stage2_det')
model = dict(_base_.stride32_cls_model, **_base_.cutmix)
optim_wrapper = _base_.backbone_cls_optim
custom_hooks = [
    _base_.stride32_der99_hooks[0],
    dict(_base_.det_replay_outputs, refit_rows=['det']),
    _base_.earlier_rows_kept]
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
