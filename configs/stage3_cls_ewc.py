# Stage 3 + EWC: segmentation's Fisher carried from stage 2, detection's
# computed at the start of this stage.
_base_ = ['./_base_/stages/cls.py']
load_from = 'work_dirs/stage2_det_ewc'
custom_hooks = [
    dict(type='EWCHook', lambda_=1000.0,
         tasks=dict(seg=dict(dataset=_base_.seg_train, num_samples=32),
                    det=dict(dataset=_base_.det_train, num_samples=32))),
]
