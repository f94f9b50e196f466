# Classification with gradient projection away from segmentation's patches
# (kept from stage 2) and detection's (97% of their energy on its training
# images at the end of stage 2); the output rows of the earlier tasks get
# no gradient from classification, so nothing else guards them.
_base_ = ['../_base_/stages/cls.py']
load_from = 'work_dirs/shared_gpm/stage2_det'
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             head=dict(feat_channels=256),
             frozen=['backbone'], norm_eval=True)
optim_wrapper = dict(optimizer=dict(lr=3e-3))
train_cfg = dict(max_epochs=30)
custom_hooks = [
    dict(type='GradientProjectionHook', threshold=0.97,
         tasks=dict(seg=dict(dataset=_base_.seg_train_plain, num_samples=64),
                    det=dict(dataset=_base_.det_train_plain,
                             num_samples=64))),
]
