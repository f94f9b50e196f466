# Mini-COCO-Det, 10 classes, letterboxed to 512x512: `det_train`, `det_val`.
# Data root: $ONEHEAD_DATA (default: data), e.g. ONEHEAD_DATA=../shared/data
det_data_root = '{{$ONEHEAD_DATA:data}}/mini_coco_det'
det_scale = (512, 512)
det_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=det_scale, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='Pad', size=det_scale, pad_val=dict(img=114, seg=255)),
    dict(type='PackMultiTaskInputs'),
]
det_test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=det_scale, keep_ratio=True),
    dict(type='Pad', size=det_scale, pad_val=dict(img=114, seg=255)),
    dict(type='LoadAnnotations'),  # after resizing: ground truth stays
    dict(type='PackMultiTaskInputs'),  # in original pixels for the metric
]
det_train = dict(type='MiniCocoDetDataset', data_root=det_data_root,
                 ann_file='annotations/instances_train.json',
                 data_prefix=dict(img_path='train'),
                 pipeline=det_train_pipeline)
# Scale augmentation: random rescale to 0.75-1.5x of the letterbox and a
# 512x512 window (boxes clipped to it, dropped when nothing is left).
det_train_scale_aug = dict(det_train, pipeline=[
    *det_train_pipeline[:2],  # loading
    dict(type='RandomResize', scale=det_scale, ratio_range=(0.75, 1.5),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=det_scale),
    *det_train_pipeline[3:],  # what follows the letterbox Resize
])
det_val = dict(type='MiniCocoDetDataset', data_root=det_data_root,
               ann_file='annotations/instances_val.json',
               data_prefix=dict(img_path='val'), test_mode=True,
               pipeline=det_test_pipeline)
# the training images in the test view (what a stage's hooks read)
det_train_plain = dict(det_train, pipeline=det_test_pipeline)
