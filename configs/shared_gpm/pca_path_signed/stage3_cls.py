# Variant: `pca_path`'s stage 3 (classification's output rows alone, no
# weight decay) on the signed path's 192-wide neck.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/pca_path_signed/stage2_det'
model = dict(neck=dict(out_channels=192),
             frozen=['backbone', 'neck', 'head.convs'])
optim_wrapper = dict(optimizer=dict(lr=0.03, weight_decay=0.0))
custom_hooks = []
