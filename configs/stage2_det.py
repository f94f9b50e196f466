# Stage 2: detection only, from stage 1; no mitigation of forgetting.
_base_ = ['./stage1_seg.py']
load_from = 'work_dirs/stage1_seg'  # a work dir means its last checkpoint
max_epochs = 12
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
train_dataloader = dict(dataset=_base_.det_train)
val_dataloader = dict(dataset=dict(datasets=[_base_.seg_val,
                                             _base_.det_val]))
test_dataloader = val_dataloader
val_evaluator = [dict(type='SegMetric'), dict(type='CocoDetMetric')]
test_evaluator = val_evaluator
default_hooks = dict(stage_results=dict(task='det'))
