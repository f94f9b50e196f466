# Imagenette-160, 10 classes; 224x224 crops (cheaper than 512, same model).
data_root = '{{$ONEHEAD_DATA:data}}/imagenette_160'
img_size = 224
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomResizedCrop', size=img_size, scale=(0.35, 1.0)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackMultiTaskInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(img_size, img_size), keep_ratio=False),
    dict(type='LoadAnnotations'),
    dict(type='PackMultiTaskInputs'),
]
train_dataloader = dict(
    batch_size=16, num_workers=2, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(type='ImagenetteDataset', data_root=data_root,
                 data_prefix=dict(img_path='train'),
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=16, num_workers=2, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(type='ImagenetteDataset', data_root=data_root,
                 data_prefix=dict(img_path='val'), test_mode=True,
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='Top1Metric')
test_evaluator = val_evaluator
