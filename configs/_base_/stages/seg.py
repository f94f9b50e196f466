# A segmentation stage (the first): trains on seg, scores seg.
_base_ = ['../models/{{$ONEHEAD_MODEL:mobilenetv2_fpn_unified}}.py',
          '../datasets/course_layout.py', '../default_runtime.py',
          '../schedules/adamw_cosine.py']
model = dict(head=dict(num_classes=_base_.num_classes))
train_cfg = dict(max_epochs=16)
train_dataloader = dict(dataset=_base_.seg_train)
val_dataloader = dict(dataset=dict(type='MultiTaskDataset',
                                   datasets=[_base_.seg_val]))
test_dataloader = val_dataloader
val_evaluator = [dict(type='SegMetric')]
test_evaluator = val_evaluator
default_hooks = dict(stage_results=dict(type='StageResultsHook', task='seg'))
