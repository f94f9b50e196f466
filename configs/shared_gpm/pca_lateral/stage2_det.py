# Variant: `deep_det`'s stage 2 on the principal-component lateral.
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_lateral/stage1_seg'
model = _base_.deep_model
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [_base_.projection, _base_.replay]
