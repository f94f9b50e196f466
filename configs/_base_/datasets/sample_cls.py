# Embedded sample data (synthetic textures, 128x128), classification: 4.
cls_data_root = '{{$ONEHEAD_SAMPLE_DATA:data/sample}}/imagenette_160'
cls_size = 128
# the class folders, in label order (ImagenetteDataset takes classes from
# metainfo, never from the folders it finds)
cls_metainfo = dict(classes=('checker', 'dots', 'stripes', 'waves'),
                    wnids=('checker', 'dots', 'stripes', 'waves'))
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
                 data_prefix=dict(img_path='train'), metainfo=cls_metainfo,
                 pipeline=cls_train_pipeline)
cls_val = dict(type='ImagenetteDataset', data_root=cls_data_root,
               data_prefix=dict(img_path='val'), metainfo=cls_metainfo,
               test_mode=True, pipeline=cls_test_pipeline)
