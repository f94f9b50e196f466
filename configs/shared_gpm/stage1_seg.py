# Segmentation on the frozen ImageNet backbone: the neck and the head learn
# it with scale augmentation (rescale 0.5-2x, 512x512 crops), the backbone
# stays as ImageNet left it for every stage (what later stages protect then
# reads the same features). The stride-32 level is MobileNetV2's 1280
# channel last layer; the head's two 3x3 layers are 256 wide, room that the
# later tasks find in the directions segmentation leaves unused.
_base_ = ['../_base_/stages/seg.py']
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             head=dict(feat_channels=256),
             frozen=['backbone'], norm_eval=True)
optim_wrapper = dict(optimizer=dict(lr=3e-3))
train_cfg = dict(max_epochs=32)
train_dataloader = dict(dataset=_base_.seg_train_scale_aug)
