# Stage 2 of `replay_frozen_scale`: `replay_frozen_long`'s with scale
# augmentation for detection (0.75-1.5x, 512x512 crops) and for the
# replayed segmentation samples (as in stage 1), whose loss counts 3x
# instead of 2x: in `replay_frozen_long` the longer stage 1 left seg at
# 0.218 and the 2x replay let it fall 5.9% in this stage.
_base_ = ['./stage2_det_replay_frozen_long.py']
load_from = 'work_dirs/stage1_seg_replay_frozen_scale'
strategy = 'replay_frozen_scale'
model = dict(task_weights=dict(seg=3.0))
train_dataloader = dict(dataset=_base_.det_train_scale_aug)
custom_hooks = [
    dict(type='ReplayHook', per_batch=2,
         tasks=dict(seg=dict(dataset=_base_.seg_train_scale_aug, size=48))),
]
