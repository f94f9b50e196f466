# The three datasets in the course's layout: `{det,seg,cls}_{train,val}`,
# their pipelines and the class counts the head follows.
# ONEHEAD_DATASETS chooses the data:
# - course_data (default): Mini-COCO-Det (10 classes), Mini-VOC-Seg (21),
#   Imagenette-160 (10) under $ONEHEAD_DATA (default: data), detection and
#   segmentation letterboxed to 512x512, classification in 224x224 crops;
# - sample_data: the embedded synthetic shapes and textures under
#   $ONEHEAD_SAMPLE_DATA (default: data/sample; `python -m
#   onehead.datasets.sample_data` writes them) at 128x128, for demos and
#   tests.
data_choice = '{{$ONEHEAD_DATASETS:course_data}}'
if data_choice not in ('course_data', 'sample_data'):
    raise ValueError(f'ONEHEAD_DATASETS={data_choice!r}: course_data or '
                     'sample_data')
sample = data_choice == 'sample_data'
data_root = ('{{$ONEHEAD_SAMPLE_DATA:data/sample}}' if sample else
             '{{$ONEHEAD_DATA:data}}')
num_classes = dict(det=3, seg=4, cls=4) if sample else \
    dict(det=10, seg=21, cls=10)
# the sample classes; the course datasets know theirs (Imagenette's folders
# are matched to its classes by wnid)
det_meta = dict(metainfo=dict(classes=('circle', 'square', 'triangle'),
                              cat_ids=(1, 2, 3))) if sample else {}
seg_meta = dict(metainfo=dict(classes=(
    'background', 'circle', 'square', 'triangle'))) if sample else {}
cls_meta = dict(metainfo=dict(
    classes=('checker', 'dots', 'stripes', 'waves'),
    wnids=('checker', 'dots', 'stripes', 'waves'))) if sample else {}
# colour jitter on the photos only (the synthetic classes are colours)
photometric = [] if sample else [dict(type='PhotoMetricDistortion')]

# detection and segmentation: letterbox (keep the aspect ratio, pad with
# grey; masks with 255 = ignored)
det_scale = seg_scale = (128, 128) if sample else (512, 512)
det_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=det_scale, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    *photometric,
    dict(type='Pad', size=det_scale, pad_val=dict(img=114, seg=255)),
    dict(type='PackMultiTaskInputs'),
]
# annotations loaded after resizing: ground truth stays in original
# pixels, where the metrics score it
det_test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=det_scale, keep_ratio=True),
    dict(type='Pad', size=det_scale, pad_val=dict(img=114, seg=255)),
    dict(type='LoadAnnotations'),
    dict(type='PackMultiTaskInputs'),
]
seg_train_pipeline = det_train_pipeline
seg_test_pipeline = det_test_pipeline
# the training pipeline without its random steps: the view of the training
# images that hooks read (projection bases, stored replay outputs)
det_plain_pipeline = seg_plain_pipeline = [
    step for step in det_train_pipeline
    if step['type'] not in ('RandomFlip', 'PhotoMetricDistortion')]

det_train = dict(type='MiniCocoDetDataset',
                 data_root=data_root + '/mini_coco_det',
                 ann_file='annotations/instances_train.json',
                 data_prefix=dict(img_path='train'),
                 pipeline=det_train_pipeline, **det_meta)
det_val = dict(type='MiniCocoDetDataset',
               data_root=data_root + '/mini_coco_det',
               ann_file='annotations/instances_val.json',
               data_prefix=dict(img_path='val'), test_mode=True,
               pipeline=det_test_pipeline, **det_meta)
seg_train = dict(type='MiniVocSegDataset',
                 data_root=data_root + '/mini_voc_seg',
                 ann_file='ImageSets/Segmentation/train.txt',
                 pipeline=seg_train_pipeline, **seg_meta)
seg_val = dict(type='MiniVocSegDataset',
               data_root=data_root + '/mini_voc_seg',
               ann_file='ImageSets/Segmentation/val.txt', test_mode=True,
               pipeline=seg_test_pipeline, **seg_meta)
det_train_plain = dict(det_train, pipeline=det_plain_pipeline)
seg_train_plain = dict(seg_train, pipeline=seg_plain_pipeline)
# scale augmentation: rescale the letterbox (detection 0.75-1.5x,
# segmentation 0.5-2x) and cut a window of the input size (boxes clipped to
# it and dropped when nothing is left; no class over 75% of a mask window)
det_train_scale_aug = dict(det_train, pipeline=[
    *det_train_pipeline[:2],  # loading
    dict(type='RandomResize', scale=det_scale, ratio_range=(0.75, 1.5),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=det_scale),
    *det_train_pipeline[3:],  # what follows the letterbox Resize
])
seg_train_scale_aug = dict(seg_train, pipeline=[
    *seg_train_pipeline[:2],
    dict(type='RandomResize', scale=seg_scale, ratio_range=(0.5, 2.0),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=seg_scale, cat_max_ratio=0.75),
    *seg_train_pipeline[3:],
])

# the same rescaled images cut into windows of 3/4 the input size (384x384
# for 512x512): the objects keep their scales, a step reads 0.56 of the
# pixels; validation still reads the whole letterbox
small_window = {
    'RandomCrop': dict(crop_size=tuple(s * 3 // 4 for s in det_scale)),
    'Pad': dict(size=tuple(s * 3 // 4 for s in det_scale))}
det_train_scale_aug_small = dict(det_train_scale_aug, pipeline=[
    dict(t, **small_window.get(t['type'], {}))
    for t in det_train_scale_aug['pipeline']])
seg_train_scale_aug_small = dict(seg_train_scale_aug, pipeline=[
    dict(t, **small_window.get(t['type'], {}))
    for t in seg_train_scale_aug['pipeline']])

# classification: random crops for training, a plain resize for testing
cls_size = 128 if sample else 224
cls_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomResizedCrop', size=cls_size,
         scale=(0.5, 1.0) if sample else (0.35, 1.0)),
    dict(type='RandomFlip', prob=0.5),
    *photometric,
    dict(type='PackMultiTaskInputs'),
]
cls_test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(cls_size, cls_size), keep_ratio=False),
    dict(type='LoadAnnotations'),
    dict(type='PackMultiTaskInputs'),
]
cls_train = dict(type='ImagenetteDataset',
                 data_root=data_root + '/imagenette_160',
                 data_prefix=dict(img_path='train'),
                 pipeline=cls_train_pipeline, **cls_meta)
cls_val = dict(type='ImagenetteDataset',
               data_root=data_root + '/imagenette_160',
               data_prefix=dict(img_path='val'), test_mode=True,
               pipeline=cls_test_pipeline, **cls_meta)

# loaders; leaves add `dataset=...`. Workers start anew each epoch, seeded
# from the epoch's generator (EpochSeedHook + seed_worker), so a resumed
# run continues the same random draws; the sample data loads in-process.
workers = 0 if sample else 2
train_dataloader = dict(
    batch_size=8, num_workers=workers, persistent_workers=False,
    worker_init_fn=dict(type='onehead.seed_worker'),
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='pseudo_collate'))
val_dataloader = dict(
    batch_size=8, num_workers=workers, persistent_workers=not sample,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='pseudo_collate'))
test_dataloader = val_dataloader
