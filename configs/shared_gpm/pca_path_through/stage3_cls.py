# Variant: `pca_path_signed`'s stage 3 (classification's output rows
# alone, no weight decay) on the path that goes through the head's second
# conv, with classification's images at 10/7 of the size (320x320 on the
# course data, 224 before) for training and testing: the path's frozen
# layers were set on 512x512 photos, whose objects span more cells of the
# stride-32 level than a 224x224 image's.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/pca_path_through/stage2_det'
model = dict(neck=dict(out_channels=192),
             frozen=['backbone', 'neck', 'head.convs'])
optim_wrapper = dict(optimizer=dict(lr=0.03, weight_decay=0.0))
custom_hooks = []
cls_size = _base_.cls_size * 10 // 7
cls_train = dict(_base_.cls_train, pipeline=[
    dict(t, size=cls_size) if t['type'] == 'RandomResizedCrop' else t
    for t in _base_.cls_train_pipeline])
cls_val = dict(_base_.cls_val, pipeline=[
    dict(t, scale=(cls_size, cls_size)) if t['type'] == 'Resize' else t
    for t in _base_.cls_test_pipeline])
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
