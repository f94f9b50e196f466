# Variant: `replay`'s stage 2 with the backbone's stride-16/32 stages
# trained with detection (1/30 of the rate, BatchNorm statistics fixed)
# and the images of rare classes repeated: the isolation recipe's
# detection, on shared weights. The backbone is frozen again in stage 3.
_base_ = ['../stage2_det.py']
model = _base_.deep_model
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [_base_.projection, _base_.replay]
