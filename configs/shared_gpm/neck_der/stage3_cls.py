# Variant: projection for the neck, stored outputs and distillation for
# the head (see stage 2), for segmentation and detection.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/neck_der/stage2_det'
model = dict(norm_eval=['backbone', 'head'])
custom_hooks = [
    dict(type='GradientProjectionHook', threshold=0.999, modules=['neck'],
         tasks=dict(seg=dict(dataset=_base_.seg_train_plain, num_samples=64),
                    det=dict(dataset=_base_.det_train_plain,
                             num_samples=64))),
    dict(type='ReplayHook', per_batch=2, outputs=dict(weight=1.0),
         tasks=dict(seg=dict(dataset=_base_.seg_train_scale_aug, size=48,
                             output_pipeline=_base_.seg_plain_pipeline),
                    det=dict(dataset=_base_.det_train_scale_aug, size=48,
                             output_pipeline=_base_.det_plain_pipeline))),
    dict(type='LwFHook', tasks=['seg', 'det'], temperature=2.0),
]
