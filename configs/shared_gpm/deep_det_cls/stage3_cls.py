# Variant: `deep_det` whose backbone's stride-16/32 stages keep training in
# stage 3, with classification and the replayed samples of the earlier
# tasks: the neck that segmentation and detection shaped stays protected
# by the projection, and the backbone may move the classes into what it
# reads.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/deep_det_cls/stage2_det'
model = _base_.deep_model
optim_wrapper = _base_.deep_optim
custom_hooks = [_base_.projection, _base_.replay]
