# Variant: `deep_det`'s stage 2 (the backbone's stride-16/32 stages train
# with detection, images of rare classes repeated).
_base_ = ['../stage2_det.py']
model = _base_.deep_model
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [_base_.projection, _base_.replay]
