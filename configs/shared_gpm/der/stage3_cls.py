# Ablation: replay with stored outputs (DER++) plus LwF for segmentation
# and detection (see stage 2).
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/der/stage2_det'
custom_hooks = [
    dict(type='ReplayHook', per_batch=2, outputs=dict(weight=1.0),
         tasks=dict(seg=dict(dataset=_base_.seg_train_scale_aug, size=48,
                             output_pipeline=_base_.seg_plain_pipeline),
                    det=dict(dataset=_base_.det_train_scale_aug, size=48,
                             output_pipeline=_base_.det_plain_pipeline))),
    dict(type='LwFHook', tasks=['seg', 'det'], temperature=2.0),
]
