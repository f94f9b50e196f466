# Embedded sample data (synthetic shapes, 128x128), segmentation: 4 classes.
seg_data_root = '{{$ONEHEAD_SAMPLE_DATA:data/sample}}/mini_voc_seg'
seg_scale = (128, 128)
seg_metainfo = dict(classes=('background', 'circle', 'square', 'triangle'))
seg_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=seg_scale, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Pad', size=seg_scale, pad_val=dict(img=114, seg=255)),
    dict(type='PackMultiTaskInputs'),
]
seg_test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=seg_scale, keep_ratio=True),
    dict(type='Pad', size=seg_scale, pad_val=dict(img=114, seg=255)),
    dict(type='LoadAnnotations'),
    dict(type='PackMultiTaskInputs'),
]
seg_train = dict(type='MiniVocSegDataset', data_root=seg_data_root,
                 metainfo=seg_metainfo,
                 ann_file='ImageSets/Segmentation/train.txt',
                 pipeline=seg_train_pipeline)
seg_train_scale_aug = dict(seg_train, pipeline=[
    *seg_train_pipeline[:2],  # loading
    dict(type='RandomResize', scale=seg_scale, ratio_range=(0.5, 2.0),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=seg_scale, cat_max_ratio=0.75),
    *seg_train_pipeline[3:],  # what follows the letterbox Resize
])
seg_val = dict(type='MiniVocSegDataset', data_root=seg_data_root,
               metainfo=seg_metainfo,
               ann_file='ImageSets/Segmentation/val.txt',
               test_mode=True, pipeline=seg_test_pipeline)
# the training images in the test view (what a stage's hooks read)
seg_train_plain = dict(seg_train, pipeline=seg_test_pipeline)
