# Ablation: projection plus replay of segmentation samples (label loss),
# which also trains the earlier tasks' output rows.
_base_ = ['../stage2_det.py']
custom_hooks = _base_.custom_hooks + [
    dict(type='ReplayHook', per_batch=2,
         tasks=dict(seg=dict(dataset=_base_.seg_train_scale_aug, size=48))),
]
