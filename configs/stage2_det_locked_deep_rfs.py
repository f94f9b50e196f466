# Stage 2 of `locked_deep_rfs`: `locked_rfs`'s images of rare classes
# repeated (ClassBalancedDataset, threshold 0.1, 40 epochs of 290 samples =
# 50 of 217) without its EMA, on `locked_deep`'s model (detection's own
# copy of the stride-16/32 backbone stages). Why: `locked_deep` finds
# objects better than `locked_scale_long` but names the rare classes worse
# (8 of 10 classes have 9-20 train images).
_base_ = ['./stage2_det_locked_rfs.py']
strategy = 'locked_deep_rfs'
custom_hooks = []
model = dict(
    backbone=dict(private_stages=dict(det=3)),
    frozen=['backbone.features', 'neck.laterals', 'neck.fuse', 'head.convs'])
