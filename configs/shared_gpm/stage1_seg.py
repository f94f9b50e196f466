# Segmentation trains the neck and the head (scale augmentation: rescale
# 0.5-2x, 512x512 crops) on the frozen ImageNet backbone, which stays as
# ImageNet left it for every stage: what later stages protect then reads
# the same features.
_base_ = ['../_base_/stages/seg.py', './_recipe.py']
model = _base_.shared_model
optim_wrapper = _base_.shared_optim
train_cfg = dict(max_epochs=32)
train_dataloader = dict(dataset=_base_.seg_train_scale_aug)
