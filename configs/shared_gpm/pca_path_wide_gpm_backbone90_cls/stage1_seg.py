# Variant: stage 1 as `pca_path_wide` (the same config: run with --stage1
# of a finished `pca_path_wide` run to reuse its stage 1).
_base_ = ['../stage1_seg.py']
model = dict(neck=_base_.wide_neck)
custom_hooks = [
    dict(type='PrincipalComponentInitHook',
         layers=list(_base_.wide_path_rows), rows=_base_.wide_path_rows,
         inputs=_base_.wide_path_inputs, dataset=_base_.seg_train_plain,
         num_samples=64, signed=True),
    dict(type='FrozenRowsHook', rows=_base_.wide_path_rows)]
