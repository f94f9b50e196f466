# Variant: learning without forgetting: the earlier tasks' channels are
# distilled from the previous stage's model on the new task's images.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/lwf/stage2_det'
custom_hooks = [_base_.lwf]
