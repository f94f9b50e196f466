# Ablation: elastic weight consolidation (diagonal Fisher of the earlier
# tasks' losses on 32 training images each).
_base_ = ['../../_base_/stages/det.py']
load_from = 'work_dirs/shared_gpm/stage1_seg'
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             head=dict(feat_channels=256), frozen=['backbone'], norm_eval=True)
optim_wrapper = dict(optimizer=dict(lr=3e-3))
train_cfg = dict(max_epochs=24)
train_dataloader = dict(dataset=_base_.det_train_scale_aug)
custom_hooks = [
    dict(type='EWCHook', lambda_=1000.0,
         tasks=dict(seg=dict(dataset=_base_.seg_train_plain))),
]
