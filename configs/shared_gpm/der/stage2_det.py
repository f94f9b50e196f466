# Ablation: replay with stored outputs (DER++) plus LwF: each buffered
# segmentation sample keeps the stage-1 model's outputs for its plain view
# and is trained on its labels and on matching them; segmentation's
# channels are also distilled on the detection images.
_base_ = ['../stage2_det.py']
custom_hooks = [
    dict(type='ReplayHook', per_batch=2, outputs=dict(weight=1.0),
         tasks=dict(seg=dict(dataset=_base_.seg_train_scale_aug, size=48,
                             output_pipeline=_base_.seg_plain_pipeline))),
    dict(type='LwFHook', tasks=['seg'], temperature=2.0),
]
