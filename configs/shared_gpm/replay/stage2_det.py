# Variant: the projection plus replayed samples of the earlier tasks with
# their labels (which also train their output rows).
_base_ = ['../stage2_det.py']
custom_hooks = [_base_.projection, _base_.replay]
