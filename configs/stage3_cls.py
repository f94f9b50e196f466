# Stage 3: classification only, from stage 2; no mitigation of forgetting.
_base_ = ['./stage2_det.py']
load_from = 'work_dirs/stage2_det'
max_epochs = 8
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], end=max_epochs)]
train_dataloader = dict(batch_size=16, dataset=_base_.cls_train)
val_dataloader = dict(dataset=dict(datasets=[_base_.seg_val, _base_.det_val,
                                             _base_.cls_val]))
test_dataloader = val_dataloader
val_evaluator = [dict(type='SegMetric'), dict(type='CocoDetMetric'),
                 dict(type='Top1Metric')]
test_evaluator = val_evaluator
default_hooks = dict(stage_results=dict(task='cls'))
