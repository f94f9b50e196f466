# Stage 2 + replay of a class-balanced buffer of stage-1 (seg) samples.
_base_ = ['./stage2_det.py']
load_from = 'work_dirs/stage1_seg'
strategy = 'replay'
custom_hooks = [
    dict(type='ReplayHook', per_batch=2,
         tasks=dict(seg=dict(dataset=_base_.seg_train, size=48))),
]
