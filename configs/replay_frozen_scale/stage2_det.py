# Detection in the shared neck and head, with replayed segmentation
# samples (scale-augmented as in stage 1) whose loss counts 3x.
_base_ = ['../_base_/stages/det.py']
load_from = 'work_dirs/replay_frozen_scale/stage1_seg'
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             head=dict(feat_channels=256, private_channels=dict(cls=128)),
             frozen=['backbone'], norm_eval=True, task_weights=dict(seg=3.0))
optim_wrapper = dict(
    optimizer=dict(lr=3e-3),
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=1 / 30)}))
train_cfg = dict(max_epochs=30)
train_dataloader = dict(dataset=_base_.det_train_scale_aug)
custom_hooks = [
    dict(type='ReplayHook', per_batch=2,
         tasks=dict(seg=dict(dataset=_base_.seg_train_scale_aug, size=48))),
]
