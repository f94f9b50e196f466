# Variant: classification trains its output rows alone on the map the
# principal path keeps (a linear classifier of the pooled hidden map); the
# shared layers and the earlier tasks' rows stay exactly as stage 2 left
# them (no weight decay, which would shrink rows that get no gradient).
# A new linear layer alone: 10x the rate of the other stages (chosen on the
# val split, seed 0).
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/pca_path/stage2_det'
model = dict(frozen=['backbone', 'neck', 'head.convs'])
optim_wrapper = dict(optimizer=dict(lr=0.03, weight_decay=0.0))
custom_hooks = []
