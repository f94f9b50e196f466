# Variant: `pca_path` whose path keeps both signs of its principal
# directions: each of the three layers' rows are its leading directions and
# the same negated, so the ReLU after it drops nothing a direction carries.
# The neck is 192 wide (96 directions of the backbone's last level, as in
# `pca_path`, each twice); the head's first conv keeps 128 directions.
_base_ = ['../stage1_seg.py']
pca_layers = _base_.pca_path
model = dict(neck=dict(out_channels=192), frozen=['backbone'] + pca_layers)
custom_hooks = [dict(type='PrincipalComponentInitHook', layers=pca_layers,
                     dataset=_base_.seg_train_plain, num_samples=64,
                     signed=True)]
