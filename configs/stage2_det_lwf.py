# Stage 2 + LwF: the stage-1 model distils its seg channels.
_base_ = ['./stage2_det.py']
load_from = 'work_dirs/stage1_seg'
strategy = 'lwf'
custom_hooks = [dict(type='LwFHook', tasks=['seg'], temperature=2.0)]
