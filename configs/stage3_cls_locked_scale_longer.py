# Stage 3 of `locked_scale_longer`: `locked_scale`'s.
_base_ = ['./stage3_cls_locked_scale.py']
load_from = 'work_dirs/stage2_det_locked_scale_longer'
strategy = 'locked_scale_longer'
