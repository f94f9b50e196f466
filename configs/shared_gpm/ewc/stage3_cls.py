# Ablation: elastic weight consolidation (diagonal Fisher of the earlier
# tasks' losses on 32 training images each).
_base_ = ['../../_base_/stages/cls.py']
load_from = 'work_dirs/shared_gpm/ewc/stage2_det'
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             head=dict(feat_channels=256), frozen=['backbone'], norm_eval=True)
optim_wrapper = dict(optimizer=dict(lr=3e-3))
train_cfg = dict(max_epochs=30)
custom_hooks = [
    dict(type='EWCHook', lambda_=1000.0,
         tasks=dict(seg=dict(dataset=_base_.seg_train_plain),
                    det=dict(dataset=_base_.det_train_plain))),
]
