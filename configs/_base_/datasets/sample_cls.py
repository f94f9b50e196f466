# Embedded sample data (synthetic textures, 128x128), classification: 4.
cls_data_root = '{{$ONEHEAD_SAMPLE_DATA:data/sample}}/imagenette_160'
cls_size = 128
cls_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomResizedCrop', size=cls_size, scale=(0.5, 1.0)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackMultiTaskInputs'),
]
cls_test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(cls_size, cls_size), keep_ratio=False),
    dict(type='LoadAnnotations'),
    dict(type='PackMultiTaskInputs'),
]
cls_train = dict(type='ImagenetteDataset', data_root=cls_data_root,
                 data_prefix=dict(img_path='train'),
                 pipeline=cls_train_pipeline)
cls_val = dict(type='ImagenetteDataset', data_root=cls_data_root,
               data_prefix=dict(img_path='val'),
               test_mode=True, pipeline=cls_test_pipeline)
