# Variant: `pca_path_through_gpm_backbone`'s stage 3 in which the backbone's
# deep stages learn classification too, as in
# `pca_path_wide_gpm_backbone90_cls` (their 1x1 convolutions under the
# projection, their depthwise ones frozen, every BatchNorm fixed, 1e-4),
# while replayed detection samples with the outputs stored at the end of
# its stage (DER++, plain views only) pull those stages back wherever the
# projection leaves detection's outputs free to move. Detection's and
# segmentation's output rows are kept (`FrozenRowsHook`: they lead the
# output conv), so only the backbone answers that pull.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/pca_path_through_gpm_backbone_cls_der/'
             'stage2_det')
model = _base_.deep_cls_model
optim_wrapper = _base_.backbone_cls_optim
custom_hooks = [
    dict(_base_.projection, modules=_base_.deep_stages),
    _base_.det_replay_outputs, _base_.earlier_rows_kept]
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
