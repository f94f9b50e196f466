# Variant: `pca_path_signed` whose path goes on through the head's second
# conv: its first 128 output channels are 64 principal directions of what
# it reads (with both signs) and stay there, so the hidden map every task
# reads keeps the path whole; its other 128 channels learn segmentation.
_base_ = ['../stage1_seg.py']
pca_layers = _base_.pca_path
model = dict(neck=dict(out_channels=192), frozen=['backbone'] + pca_layers)
custom_hooks = [
    dict(type='PrincipalComponentInitHook',
         layers=pca_layers + list(_base_.path_rows),
         rows=_base_.path_rows, dataset=_base_.seg_train_plain,
         num_samples=64, signed=True),
    dict(type='FrozenRowsHook', rows=_base_.path_rows)]
