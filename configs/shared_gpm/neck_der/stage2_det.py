# Variant: projection for the neck only, stored outputs and distillation
# for the head. The neck's updates keep segmentation's patches (99.9% of
# their energy); the head learns detection freely but is pulled back on
# segmentation's replayed samples (labels and the stage-1 outputs stored
# with them, DER++) and on the detection images (LwF). The head's
# BatchNorm statistics stay as stage 1 left them.
_base_ = ['../stage2_det.py']
model = dict(norm_eval=['backbone', 'head'])
custom_hooks = [
    dict(type='GradientProjectionHook', threshold=0.999, modules=['neck'],
         tasks=dict(seg=dict(dataset=_base_.seg_train_plain,
                             num_samples=64))),
    dict(type='ReplayHook', per_batch=2, outputs=dict(weight=1.0),
         tasks=dict(seg=dict(dataset=_base_.seg_train_scale_aug, size=48,
                             output_pipeline=_base_.seg_plain_pipeline))),
    dict(type='LwFHook', tasks=['seg'], temperature=2.0),
]
