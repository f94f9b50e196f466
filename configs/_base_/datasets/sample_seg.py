# Embedded sample data (synthetic shapes, 128x128), segmentation: 4 classes.
_base_ = './mini_voc_seg.py'
data_root = '{{$ONEHEAD_SAMPLE_DATA:data/sample}}/mini_voc_seg'
img_scale = (128, 128)
metainfo = dict(classes=('background', 'circle', 'square', 'triangle'))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Pad', size=img_scale, pad_val=dict(img=114, seg=255)),
    dict(type='PackMultiTaskInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='Pad', size=img_scale, pad_val=dict(img=114, seg=255)),
    dict(type='LoadAnnotations'),
    dict(type='PackMultiTaskInputs'),
]
train_dataloader = dict(
    batch_size=8, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, metainfo=metainfo,
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, metainfo=metainfo,
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
