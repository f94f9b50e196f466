# The embedded synthetic sample data under $ONEHEAD_SAMPLE_DATA (default:
# data/sample; `python -m onehead.datasets.sample_data` writes it).
# Same variable names as course_data.py, so every config runs on either:
# ONEHEAD_DATASETS=sample_data python tools/train.py CONFIG
_base_ = ['./sample_det.py', './sample_seg.py', './sample_cls.py',
          './loaders.py']
num_classes = dict(det=3, seg=4, cls=4)
train_dataloader = dict(num_workers=0, persistent_workers=False)
val_dataloader = dict(num_workers=0, persistent_workers=False)
test_dataloader = val_dataloader
