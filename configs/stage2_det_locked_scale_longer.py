# Stage 2 of `locked_scale_longer`: `locked_scale`'s with 70 detection
# epochs (30 in `locked_scale`, 50 in `locked_scale_long`, where AP50 rose
# from 0.098 to 0.134); the pipeline stays within 45 minutes.
_base_ = ['./stage2_det_locked_scale.py']
strategy = 'locked_scale_longer'
max_epochs = 70
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
