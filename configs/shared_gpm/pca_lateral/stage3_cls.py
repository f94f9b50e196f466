# Variant: `deep_det_cls`'s stage 3 on the principal-component lateral.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/pca_lateral/stage2_det'
model = _base_.deep_model
optim_wrapper = _base_.deep_optim
custom_hooks = [_base_.projection, _base_.replay]
