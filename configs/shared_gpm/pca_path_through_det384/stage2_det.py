# Variant: `pca_path_through`'s stage 2 on windows of 3/4 the input size
# (384x384) cut from detection's rescaled images and from the replayed
# segmentation samples: the same scales, 0.56 of the pixels per step.
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_path_through_det384/stage1_seg'
model = dict(_base_.deep_model, neck=dict(out_channels=192),
             frozen=_base_.pca_path)
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs_small,
                                     _delete_=True))
custom_hooks = [_base_.projection, _base_.replay_small,
                dict(type='FrozenRowsHook', rows=_base_.path_rows)]
