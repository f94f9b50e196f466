# Stage 3 of `locked_deep_rfs_seed1`: `locked_deep_rfs`'s with seed 1.
_base_ = ['./stage3_cls_locked_deep_rfs.py']
load_from = 'work_dirs/stage2_det_locked_deep_rfs_seed1'
strategy = 'locked_deep_rfs_seed1'
randomness = dict(seed=1)
