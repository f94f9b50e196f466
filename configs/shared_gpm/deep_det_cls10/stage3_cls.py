# Variant: `deep_det_cls` with the backbone's stride-16/32 stages at 1/10
# of the rate in stage 3 (1/30 in stage 2, as `deep_det`).
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/deep_det_cls10/stage2_det'
model = _base_.deep_model
optim_wrapper = dict(paramwise_cfg=dict(
    custom_keys={'backbone': dict(lr_mult=1 / 10)}))
custom_hooks = [_base_.projection, _base_.replay]
