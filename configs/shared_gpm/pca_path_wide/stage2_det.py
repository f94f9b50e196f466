# Variant: `pca_path_through`'s stage 2 on the wide neck: the path's rows
# kept where stage 1 set them, every other row and the backbone's deep
# stages learning detection (`deep_det`) under the projection.
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_path_wide/stage1_seg'
model = dict(_base_.deep_model, neck=_base_.wide_neck)
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [_base_.projection, _base_.replay,
                dict(type='FrozenRowsHook', rows=_base_.wide_path_rows)]
