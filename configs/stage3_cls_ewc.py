# Stage 3 + EWC: seg Fisher carried from stage 2, det Fisher computed now.
_base_ = ['./stage3_cls.py']
load_from = 'work_dirs/stage2_det_ewc'
strategy = 'ewc'
custom_hooks = [
    dict(type='EWCHook', lambda_=1000.0,
         tasks=dict(seg=dict(dataset=_base_.seg_train, num_samples=32),
                    det=dict(dataset=_base_.det_train, num_samples=32))),
]
