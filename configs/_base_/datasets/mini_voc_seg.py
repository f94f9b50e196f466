# Mini-VOC-Seg, 21 classes (255 = ignore), letterboxed to 512x512.
data_root = '{{$ONEHEAD_DATA:data}}/mini_voc_seg'
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
    dict(type='LoadAnnotations'),  # mask stays at the original size
    dict(type='PackMultiTaskInputs'),
]
train_dataloader = dict(
    batch_size=8, num_workers=2, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(type='MiniVocSegDataset', data_root=data_root,
                 ann_file='ImageSets/Segmentation/train.txt',
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8, num_workers=2, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(type='MiniVocSegDataset', data_root=data_root,
                 ann_file='ImageSets/Segmentation/val.txt', test_mode=True,
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='SegMetric')
test_evaluator = val_evaluator
