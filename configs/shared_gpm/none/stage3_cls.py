# Ablation: no mitigation; the shared neck and head (BatchNorm included)
# follow the new task alone.
_base_ = ['../../_base_/stages/cls.py']
load_from = 'work_dirs/shared_gpm/none/stage2_det'
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             head=dict(feat_channels=256), frozen=['backbone'], norm_eval=True)
optim_wrapper = dict(optimizer=dict(lr=3e-3))
train_cfg = dict(max_epochs=30)
