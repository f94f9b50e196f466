# Ablation: projection plus replay of segmentation samples (label loss),
# which also trains the earlier tasks' output rows.
_base_ = ['../../_base_/stages/det.py']
load_from = 'work_dirs/shared_gpm/stage1_seg'
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             head=dict(feat_channels=256), frozen=['backbone'], norm_eval=True)
optim_wrapper = dict(optimizer=dict(lr=3e-3))
train_cfg = dict(max_epochs=24)
train_dataloader = dict(dataset=_base_.det_train_scale_aug)
custom_hooks = [
    dict(type='GradientProjectionHook', threshold=0.97,
         tasks=dict(seg=dict(dataset=_base_.seg_train_plain,
                             num_samples=64))),
    dict(type='ReplayHook', per_batch=2,
         tasks=dict(seg=dict(dataset=_base_.seg_train_scale_aug, size=48))),
]
