# Variant with a stage 1 of its own: the neck's stride-32 lateral (the 1x1
# conv from the backbone's 1280 channels to the neck's 96, the narrowest
# point between the ImageNet features and every task) starts at the leading
# principal directions of what it reads on segmentation's training images
# and stays there in stage 1. Stages 2 and 3 as `deep_det_cls`.
_base_ = ['../stage1_seg.py']
model = dict(frozen=['backbone', 'neck.laterals.2.0'])
custom_hooks = [dict(type='PrincipalComponentInitHook',
                     layers=['neck.laterals.2.0'],
                     dataset=_base_.seg_train_plain, num_samples=64)]
