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
# Scale augmentation (mmseg's recipe): random rescale to 0.5-2x of the
# letterbox, a 512x512 window in which no class has 75% of the pixels.
seg_train_scale_aug = dict(seg_train, pipeline=[
    *seg_train_pipeline[:2],  # loading
    dict(type='RandomResize', scale=seg_scale, ratio_range=(0.5, 2.0),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=seg_scale, cat_max_ratio=0.75),
    *seg_train_pipeline[3:],  # what follows the letterbox Resize
])
seg_val = dict(type='MiniVocSegDataset', data_root=seg_data_root,
               ann_file='ImageSets/Segmentation/val.txt', test_mode=True,
               pipeline=seg_test_pipeline)
# the training images in the test view (what a stage's hooks read)
seg_train_plain = dict(seg_train, pipeline=seg_test_pipeline)
