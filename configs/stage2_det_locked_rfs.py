# Stage 2 of `locked_rfs`: `locked_scale_long`'s with images of rare
# classes repeated (mmengine's ClassBalancedDataset, LVIS repeat-factor
# sampling: an image with a class in fewer than 10% of the images is seen
# twice an epoch, 290 samples instead of 217) and the weights averaged
# (EMA, momentum 0.004: about the last 7 epochs). Why: AP50 is a mean over
# ten classes of which eight have 9-20 training images against person's
# 190; the 40 epochs see as many samples as `locked_scale_long`'s 50.
_base_ = ['./stage2_det_locked_scale_long.py']
strategy = 'locked_rfs'
max_epochs = 40
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
train_dataloader = dict(dataset=dict(
    _delete_=True, type='ClassBalancedDataset', oversample_thr=0.1,
    dataset=_base_.det_train_scale_aug))
# begin_epoch: the average starts from trained weights, not from the
# untrained copy the hook takes before the new layers are initialised
custom_hooks = [dict(type='EMAHook', momentum=0.004, begin_epoch=5)]
