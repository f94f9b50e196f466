# Stage 3 + replay of segmentation and detection samples.
_base_ = ['./_base_/stages/cls.py']
load_from = 'work_dirs/stage2_det_replay'
custom_hooks = [
    dict(type='ReplayHook', per_batch=2,
         tasks=dict(seg=dict(dataset=_base_.seg_train, size=48),
                    det=dict(dataset=_base_.det_train, size=48))),
]
