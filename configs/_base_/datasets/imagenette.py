# Imagenette-160, 10 classes, 224x224 crops (cheaper than 512, same model):
# `cls_train`, `cls_val`.
cls_data_root = '{{$ONEHEAD_DATA:data}}/imagenette_160'
cls_size = 224
cls_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomResizedCrop', size=cls_size, scale=(0.35, 1.0)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
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
               data_prefix=dict(img_path='val'), test_mode=True,
               pipeline=cls_test_pipeline)
