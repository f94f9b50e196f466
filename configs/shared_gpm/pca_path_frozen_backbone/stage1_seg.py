# Variant: stage 1 as `pca_path` (the same config: run with --stage1 of a
# finished `pca_path` run to reuse its stage 1).
_base_ = ['../stage1_seg.py']
pca_layers = _base_.pca_path
model = dict(frozen=['backbone'] + pca_layers)
custom_hooks = [dict(type='PrincipalComponentInitHook', layers=pca_layers,
                     dataset=_base_.seg_train_plain, num_samples=64)]
