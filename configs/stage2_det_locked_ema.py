# Stage 2 of `locked_ema`: `locked_scale_long`'s with the weights averaged
# (EMA, momentum 0.004: about the last 9 epochs), sampling unchanged; the
# ablation of `locked_rfs`, whose rare-class repeats cost airplane and train
# (one or two val boxes each) more than they gave person and car.
_base_ = ['./stage2_det_locked_scale_long.py']
strategy = 'locked_ema'
# begin_epoch: the average starts from trained weights, not from the
# untrained copy the hook takes before the new layers are initialised
custom_hooks = [dict(type='EMAHook', momentum=0.004, begin_epoch=5)]
