default_scope = 'onehead'
# the set-up dump goes to the log file; the console shows it with --verbose
runner_type = 'OneheadRunner'

default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=10),
    param_scheduler=dict(type='ParamSchedulerHook'),
    # written under a temporary name, then renamed: a kill never leaves
    # the work dir without a loadable checkpoint
    checkpoint=dict(type='AtomicCheckpointHook', interval=1,
                    max_keep_ckpts=1, save_last=True),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    # augmentations and replay draws depend on (seed, epoch) alone, so a
    # resumed run continues exactly as an uninterrupted one
    epoch_seed=dict(type='EpochSeedHook'),
    # every val image and mask is read before training, not after it
    check_val_data=dict(type='CheckValDataHook'),
    # checkpoints carry each trained task's class names
    checkpoint_meta=dict(type='CheckpointMetaHook'),
)

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='gloo'),
)

vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(type='Visualizer', vis_backends=vis_backends)

log_processor = dict(by_epoch=True, window_size=10)
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=0, deterministic=False)
