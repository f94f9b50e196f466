# Stage 1: segmentation only, from ImageNet weights.
_base_ = ['./_base_/onehead.py', './_base_/schedules/adamw_cosine.py']
max_epochs = 16
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
train_dataloader = dict(dataset=_base_.seg_train)
val_dataloader = dict(dataset=dict(type='MultiTaskDataset',
                                   datasets=[_base_.seg_val]))
test_dataloader = val_dataloader
val_evaluator = [dict(type='SegMetric')]
test_evaluator = val_evaluator
strategy = 'none'
default_hooks = dict(stage_results=dict(type='StageResultsHook', task='seg'))
