# Variant: `pca_path_through`'s stage 3 (classification's output rows
# alone, 320x320 images) at 20 epochs instead of 30.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/pca_path_through_gpm_backbone90_e20/'
             'stage2_det')
model = dict(neck=dict(out_channels=192),
             frozen=['backbone', 'neck', 'head.convs'])
optim_wrapper = dict(optimizer=dict(lr=0.03, weight_decay=0.0))
train_cfg = dict(max_epochs=20)
custom_hooks = []
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
