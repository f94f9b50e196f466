# Stage 3 of `locked_scale_long`: `locked_scale`'s.
_base_ = ['./stage3_cls_locked_scale.py']
load_from = 'work_dirs/stage2_det_locked_scale_long'
strategy = 'locked_scale_long'
