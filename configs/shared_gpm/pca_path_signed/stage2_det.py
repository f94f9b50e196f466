# Variant: `pca_path`'s stage 2 (`deep_det` around the frozen path) on the
# signed path's 192-wide neck.
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_path_signed/stage1_seg'
model = dict(_base_.deep_model, neck=dict(out_channels=192),
             frozen=_base_.pca_path)
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [_base_.projection, _base_.replay]
