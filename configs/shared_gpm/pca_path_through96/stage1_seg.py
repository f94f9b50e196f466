# Variant: `pca_path_through` whose path through the head's second conv
# keeps 96 principal directions (with both signs: its first 192 output
# channels) instead of 64, so the map classification's rows read carries
# more of what the neck passes on; its other 64 channels learn.
_base_ = ['../stage1_seg.py']
pca_layers = _base_.pca_path
model = dict(neck=dict(out_channels=192), frozen=['backbone'] + pca_layers)
custom_hooks = [
    dict(type='PrincipalComponentInitHook',
         layers=pca_layers + list(_base_.path_rows96),
         rows=_base_.path_rows96, dataset=_base_.seg_train_plain,
         num_samples=64, signed=True),
    dict(type='FrozenRowsHook', rows=_base_.path_rows96)]
