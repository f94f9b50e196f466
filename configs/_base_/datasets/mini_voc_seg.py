# Mini-VOC-Seg, 21 classes (255 = ignore), 512x512: `seg_train`, `seg_val`.
seg_data_root = '{{$ONEHEAD_DATA:data}}/mini_voc_seg'
seg_scale = (512, 512)
seg_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=seg_scale, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='Pad', size=seg_scale, pad_val=dict(img=114, seg=255)),
    dict(type='PackMultiTaskInputs'),
]
seg_test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=seg_scale, keep_ratio=True),
    dict(type='Pad', size=seg_scale, pad_val=dict(img=114, seg=255)),
    dict(type='LoadAnnotations'),  # mask stays at the original size
    dict(type='PackMultiTaskInputs'),
]
seg_train = dict(type='MiniVocSegDataset', data_root=seg_data_root,
                 ann_file='ImageSets/Segmentation/train.txt',
                 pipeline=seg_train_pipeline)
seg_val = dict(type='MiniVocSegDataset', data_root=seg_data_root,
               ann_file='ImageSets/Segmentation/val.txt', test_mode=True,
               pipeline=seg_test_pipeline)
