# Stage 1 of `replay_frozen_scale`: `replay_frozen_long`'s with scale
# augmentation (random rescale 0.5-2x, 512x512 crops in which no class has
# 75% of the pixels; `seg_train_scale_aug`). Why: the val masks' objects
# are mostly small, 240 images are few, and a letterbox at one scale shows
# each object at one size only.
_base_ = ['./stage1_seg_replay_frozen_long.py']
strategy = 'replay_frozen_scale'
train_dataloader = dict(dataset=_base_.seg_train_scale_aug)
