# Variant: elastic weight consolidation (diagonal Fisher of the earlier
# tasks' losses on 32 of their training images each).
_base_ = ['../stage2_det.py']
custom_hooks = [_base_.ewc]
