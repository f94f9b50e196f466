# Variant: `pca_path` with the neck 256 channels wide: the principal path
# keeps 256 directions of the backbone's last level instead of 96.
_base_ = ['../stage1_seg.py']
pca_layers = _base_.pca_path
model = dict(neck=dict(out_channels=256), frozen=['backbone'] + pca_layers)
custom_hooks = [dict(type='PrincipalComponentInitHook', layers=pca_layers,
                     dataset=_base_.seg_train_plain, num_samples=64)]
