# Variant: learning without forgetting: the earlier tasks' channels are
# distilled from the previous stage's model on the new task's images.
_base_ = ['../stage2_det.py']
custom_hooks = [_base_.lwf]
