# Variant: elastic weight consolidation (diagonal Fisher of the earlier
# tasks' losses on 32 of their training images each).
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/ewc/stage2_det'
custom_hooks = [_base_.ewc]
