# A detection stage (the second): starts from the segmentation stage's
# last checkpoint, trains on det, scores seg and det.
_base_ = ['../models/{{$ONEHEAD_MODEL:mobilenetv2_fpn_unified}}.py',
          '../datasets/course_layout.py', '../default_runtime.py',
          '../schedules/adamw_cosine.py']
model = dict(head=dict(num_classes=_base_.num_classes))
train_cfg = dict(max_epochs=12)
load_from = 'work_dirs/stage1_seg'  # a work dir means its last checkpoint
train_dataloader = dict(dataset=_base_.det_train)
val_dataloader = dict(dataset=dict(type='MultiTaskDataset',
                                   datasets=[_base_.seg_val, _base_.det_val]))
test_dataloader = val_dataloader
val_evaluator = [dict(type='SegMetric'), dict(type='CocoDetMetric')]
test_evaluator = val_evaluator
default_hooks = dict(stage_results=dict(type='StageResultsHook', task='det'))
