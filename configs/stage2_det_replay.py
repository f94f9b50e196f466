# Stage 2 + replay of a class-balanced buffer of segmentation samples.
_base_ = ['./_base_/stages/det.py']
custom_hooks = [
    dict(type='ReplayHook', per_batch=2,
         tasks=dict(seg=dict(dataset=_base_.seg_train, size=48))),
]
