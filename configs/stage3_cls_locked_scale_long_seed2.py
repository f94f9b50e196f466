# Stage 3 of `locked_scale_long_seed2`: `locked_scale`'s with seed 2.
_base_ = ['./stage3_cls_locked_scale.py']
load_from = 'work_dirs/stage2_det_locked_scale_long_seed2'
strategy = 'locked_scale_long_seed2'
randomness = dict(seed=2)
