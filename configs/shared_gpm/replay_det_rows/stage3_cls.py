# Variant: the projection, plus replayed segmentation samples that train
# everything their loss reaches and replayed detection samples whose labels
# train only detection's output rows.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/replay_det_rows/stage2_det'
custom_hooks = [_base_.projection, dict(_base_.replay, train_shared=['seg'])]
