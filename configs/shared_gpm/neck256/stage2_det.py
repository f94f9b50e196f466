# Variant: `replay`'s stage 2 on the 256-channel neck.
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/neck256/stage1_seg'
model = dict(neck=dict(out_channels=256))
custom_hooks = [_base_.projection, _base_.replay]
