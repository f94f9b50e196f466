# Variant: stage 2 as `pca_path` (`deep_det` around the frozen path).
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_path_free/stage1_seg'
model = dict(_base_.deep_model, frozen=_base_.pca_path)
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [_base_.projection, _base_.replay]
