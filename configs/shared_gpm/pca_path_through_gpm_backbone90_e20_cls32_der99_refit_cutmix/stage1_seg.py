# Variant: stage 1 as `pca_path_through_gpm_backbone90_e20` (the same
# config: run with --stage1 of a finished run of it to reuse its stage 1).
_base_ = ['../stage1_seg.py']
pca_layers = _base_.pca_path
model = dict(neck=dict(out_channels=192), frozen=['backbone'] + pca_layers)
custom_hooks = [
    dict(type='PrincipalComponentInitHook',
         layers=pca_layers + list(_base_.path_rows),
         rows=_base_.path_rows, dataset=_base_.seg_train_plain,
         num_samples=64, signed=True),
    dict(type='FrozenRowsHook', rows=_base_.path_rows)]
