# Variant: `pca_path`'s stages 1 and 2; in stage 3 the neck and head
# (the principal path included) learn classification under the projection,
# with the replayed samples of the earlier tasks (`replay`'s stage 3).
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/pca_path_replay/stage2_det'
custom_hooks = [_base_.projection, _base_.replay]
