# Ablation: no mitigation; the shared neck and head (BatchNorm included)
# follow the new task alone.
_base_ = ['../../_base_/stages/det.py']
load_from = 'work_dirs/shared_gpm/stage1_seg'
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             head=dict(feat_channels=256), frozen=['backbone'], norm_eval=True)
optim_wrapper = dict(optimizer=dict(lr=3e-3))
train_cfg = dict(max_epochs=24)
train_dataloader = dict(dataset=_base_.det_train_scale_aug)
