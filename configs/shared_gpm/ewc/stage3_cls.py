# Ablation: elastic weight consolidation (diagonal Fisher of the earlier
# tasks' losses on 32 training images each).
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/ewc/stage2_det'
custom_hooks = [
    dict(type='EWCHook', lambda_=1000.0,
         tasks=dict(seg=dict(dataset=_base_.seg_train_plain),
                    det=dict(dataset=_base_.det_train_plain))),
]
