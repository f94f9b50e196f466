# Variant: `pca_path`'s stages 1 and 2; in stage 3 the shared layers off
# the principal path (the stride-8/16 laterals, the head's second conv)
# learn classification in the directions that segmentation's and
# detection's input patches leave free (99.5% of their energy, on all of
# their training images), with the replayed samples; the path stays frozen.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/pca_path_free/stage2_det'
model = dict(frozen=['backbone'] + _base_.pca_path)
projection = dict(_base_.projection, threshold=0.995, tasks=dict(
    seg=dict(dataset=_base_.seg_train_plain, num_samples=1000),
    det=dict(dataset=_base_.det_train_plain, num_samples=1000)))
custom_hooks = [projection, _base_.replay]
