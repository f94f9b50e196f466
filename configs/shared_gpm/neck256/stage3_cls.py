# Variant: `replay`'s stage 3 on the 256-channel neck.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/neck256/stage2_det'
model = dict(neck=dict(out_channels=256))
custom_hooks = [_base_.projection, _base_.replay]
