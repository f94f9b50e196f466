# Segmentation on the frozen ImageNet backbone (scale augmentation, 40
# epochs), with head channels reserved for detection and classification:
# idle until their stages, read by their task alone.
_base_ = ['../_base_/stages/seg.py']
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             head=dict(feat_channels=256,
                       private_channels=dict(det=128, cls=128)),
             frozen=['backbone'], norm_eval=True)
optim_wrapper = dict(optimizer=dict(lr=3e-3))
train_cfg = dict(max_epochs=40)
train_dataloader = dict(dataset=_base_.seg_train_scale_aug)
