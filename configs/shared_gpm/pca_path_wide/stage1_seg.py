# Variant: `pca_path_through` on a neck wider than its path: the stride-8/16
# laterals write only the neck's trailing 64 channels, so the path's 192
# (96 principal directions of the backbone's last level, both signs) reach
# the head as the stride-32 lateral set them; on the fuse conv and the
# head's two convs the path's rows read only the path (`wide_path_rows`,
# `wide_path_inputs`), the other rows learn segmentation from every channel.
_base_ = ['../stage1_seg.py']
model = dict(neck=_base_.wide_neck)
custom_hooks = [
    dict(type='PrincipalComponentInitHook',
         layers=list(_base_.wide_path_rows), rows=_base_.wide_path_rows,
         inputs=_base_.wide_path_inputs, dataset=_base_.seg_train_plain,
         num_samples=64, signed=True),
    dict(type='FrozenRowsHook', rows=_base_.wide_path_rows)]
