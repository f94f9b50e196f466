# Ablation: elastic weight consolidation (diagonal Fisher of the earlier
# tasks' losses on 32 training images each).
_base_ = ['../stage2_det.py']
custom_hooks = [
    dict(type='EWCHook', lambda_=1000.0,
         tasks=dict(seg=dict(dataset=_base_.seg_train_plain))),
]
