# Segmentation on the frozen ImageNet backbone with scale augmentation
# (rescale 0.5-2x, 512x512 crops), 40 epochs; head channels reserved for
# classification, idle until stage 3.
_base_ = ['../_base_/stages/seg.py']
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             head=dict(feat_channels=256, private_channels=dict(cls=128)),
             frozen=['backbone'], norm_eval=True)
optim_wrapper = dict(optimizer=dict(lr=3e-3))
train_cfg = dict(max_epochs=40)
train_dataloader = dict(dataset=_base_.seg_train_scale_aug)
