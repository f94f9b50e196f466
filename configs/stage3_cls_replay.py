# Stage 3 + replay of seg (buffer carried from stage 2) and det samples.
_base_ = ['./stage3_cls.py']
load_from = 'work_dirs/stage2_det_replay'
strategy = 'replay'
custom_hooks = [
    dict(type='ReplayHook', per_batch=2,
         tasks=dict(seg=dict(dataset=_base_.seg_train, size=48),
                    det=dict(dataset=_base_.det_train, size=48))),
]
