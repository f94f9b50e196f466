# Stage 2 + EWC: the Fisher of segmentation at the end of stage 1.
_base_ = ['./_base_/stages/det.py']
custom_hooks = [
    dict(type='EWCHook', lambda_=1000.0,
         tasks=dict(seg=dict(dataset=_base_.seg_train, num_samples=32))),
]
