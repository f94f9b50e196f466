# Stage 2 + EWC: Fisher of the seg task at the end of stage 1.
_base_ = ['./stage2_det.py']
load_from = 'work_dirs/stage1_seg'
strategy = 'ewc'
custom_hooks = [
    dict(type='EWCHook', lambda_=1000.0,
         tasks=dict(seg=dict(dataset=_base_.seg_train, num_samples=32))),
]
