# Ablation: learning without forgetting: the earlier tasks' channels are
# distilled from the previous stage's model on the new task's images.
_base_ = ['../../_base_/stages/det.py']
load_from = 'work_dirs/shared_gpm/stage1_seg'
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             head=dict(feat_channels=256), frozen=['backbone'], norm_eval=True)
optim_wrapper = dict(optimizer=dict(lr=3e-3))
train_cfg = dict(max_epochs=24)
train_dataloader = dict(dataset=_base_.det_train_scale_aug)
custom_hooks = [
    dict(type='LwFHook', tasks=['seg'], temperature=2.0),
]
