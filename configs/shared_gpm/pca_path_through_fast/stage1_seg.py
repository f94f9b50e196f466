# Variant: stage 1 as `pca_path_through_seg384` (the same config: run with
# --stage1 of a finished `pca_path_through_seg384` run to reuse it).
_base_ = ['../stage1_seg.py']
pca_layers = _base_.pca_path
model = dict(neck=dict(out_channels=192), frozen=['backbone'] + pca_layers)
train_dataloader = dict(dataset=dict(_base_.seg_train_scale_aug_small,
                                     _delete_=True))
custom_hooks = [
    dict(type='PrincipalComponentInitHook',
         layers=pca_layers + list(_base_.path_rows),
         rows=_base_.path_rows, dataset=_base_.seg_train_plain,
         num_samples=64, signed=True),
    dict(type='FrozenRowsHook', rows=_base_.path_rows)]
