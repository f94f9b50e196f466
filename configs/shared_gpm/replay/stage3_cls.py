# Variant: the projection plus replayed samples of the earlier tasks with
# their labels (which also train their output rows).
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/replay/stage2_det'
custom_hooks = [_base_.projection, _base_.replay]
