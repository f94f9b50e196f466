# Embedded sample data (synthetic textures, 128x128), classification: 4.
_base_ = './imagenette.py'
data_root = '{{$ONEHEAD_SAMPLE_DATA:data/sample}}/imagenette_160'
img_size = 128
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomResizedCrop', size=img_size, scale=(0.5, 1.0)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackMultiTaskInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(img_size, img_size), keep_ratio=False),
    dict(type='LoadAnnotations'),
    dict(type='PackMultiTaskInputs'),
]
train_dataloader = dict(
    batch_size=8, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, pipeline=test_pipeline))
test_dataloader = val_dataloader
