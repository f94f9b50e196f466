# A classification stage (the third): starts from the detection stage's
# last checkpoint, trains on cls (224x224 crops), scores all three tasks.
_base_ = ['../models/{{$ONEHEAD_MODEL:mobilenetv2_fpn_unified}}.py',
          '../datasets/course_layout.py', '../default_runtime.py',
          '../schedules/adamw_cosine.py']
model = dict(head=dict(num_classes=_base_.num_classes))
train_cfg = dict(max_epochs=8)
load_from = 'work_dirs/stage2_det'
train_dataloader = dict(batch_size=16, dataset=_base_.cls_train)
val_dataloader = dict(dataset=dict(
    type='MultiTaskDataset',
    datasets=[_base_.seg_val, _base_.det_val, _base_.cls_val]))
test_dataloader = val_dataloader
val_evaluator = [dict(type='SegMetric'), dict(type='CocoDetMetric'),
                 dict(type='Top1Metric')]
test_evaluator = val_evaluator
default_hooks = dict(stage_results=dict(type='StageResultsHook', task='cls'))
