# AdamW, linear warm-up then cosine to the last epoch (the runner ends the
# cosine at train_cfg.max_epochs: a config sets its length there alone);
# the backbone learns 10x slower. Validation after the last epoch.
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=0.05),
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0,
                       custom_keys={'backbone': dict(lr_mult=0.1)}),
    clip_grad=dict(max_norm=10.0))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=50),
    dict(type='CosineAnnealingLR', by_epoch=True, begin=0,
         eta_min_ratio=0.05, convert_to_iter_based=True),
]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=12,
                 val_interval=1000)  # and always after the last epoch
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
