# Variant: `replay`'s stage 3 after `deep_det`'s stage 2 (backbone frozen).
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/deep_det/stage2_det'
custom_hooks = [_base_.projection, _base_.replay]
