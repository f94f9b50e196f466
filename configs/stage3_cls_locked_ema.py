# Stage 3 of `locked_ema`: `locked_scale`'s.
_base_ = ['./stage3_cls_locked_scale.py']
load_from = 'work_dirs/stage2_det_locked_ema'
strategy = 'locked_ema'
