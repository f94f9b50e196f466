# Variant: `pca_path_through`'s stage 2 whose replayed segmentation
# samples are windows of 3/4 the input size (384x384) cut from the same
# rescaled images; detection's own windows stay 512x512.
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_path_through_fast/stage1_seg'
model = dict(_base_.deep_model, neck=dict(out_channels=192),
             frozen=_base_.pca_path)
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [_base_.projection, _base_.replay_small,
                dict(type='FrozenRowsHook', rows=_base_.path_rows)]
