# Stage 3 of `locked_deep`: `locked_scale_long`'s (detection's backbone
# stages frozen with the rest of the backbone).
_base_ = ['./stage3_cls_locked_scale_long.py']
load_from = 'work_dirs/stage2_det_locked_deep'
strategy = 'locked_deep'
model = dict(backbone=dict(private_stages=dict(det=3)))
