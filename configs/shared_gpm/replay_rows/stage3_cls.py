# Variant: the projection, plus replayed samples of the earlier tasks whose
# labels train only their output rows: the shared layers follow
# classification alone, in the directions the projection leaves free.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/replay_rows/stage2_det'
custom_hooks = [_base_.projection, dict(_base_.replay, train_shared=False)]
