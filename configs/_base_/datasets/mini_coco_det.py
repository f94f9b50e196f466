# Mini-COCO-Det, 10 classes, letterboxed to 512x512.
# Data root: $ONEHEAD_DATA (default: data), e.g. ONEHEAD_DATA=../shared/data
data_root = '{{$ONEHEAD_DATA:data}}/mini_coco_det'
img_scale = (512, 512)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='Pad', size=img_scale, pad_val=dict(img=114, seg=255)),
    dict(type='PackMultiTaskInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='Pad', size=img_scale, pad_val=dict(img=114, seg=255)),
    dict(type='LoadAnnotations'),  # after resizing: ground truth stays
    dict(type='PackMultiTaskInputs'),  # in original pixels for the metric
]
train_dataloader = dict(
    batch_size=8, num_workers=2, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(type='MiniCocoDetDataset', data_root=data_root,
                 ann_file='annotations/instances_train.json',
                 data_prefix=dict(img_path='train'),
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8, num_workers=2, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(type='MiniCocoDetDataset', data_root=data_root,
                 ann_file='annotations/instances_val.json',
                 data_prefix=dict(img_path='val'), test_mode=True,
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='CocoDetMetric')
test_evaluator = val_evaluator
