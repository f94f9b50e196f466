# Stage 3 of `locked_deep_rfs`: `locked_deep`'s.
_base_ = ['./stage3_cls_locked_deep.py']
load_from = 'work_dirs/stage2_det_locked_deep_rfs'
strategy = 'locked_deep_rfs'
