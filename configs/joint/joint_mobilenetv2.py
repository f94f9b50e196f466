# Joint reference: all three tasks trained together from ImageNet weights,
# batches mixing seg, det and cls images (the upper bound of sequential
# learning). 12 epochs over the 697 images cost about what the three stages
# of a strategy cost together.
_base_ = ['../_base_/onehead.py', '../_base_/schedules/adamw_cosine.py']
train_dataloader = dict(dataset=dict(
    type='MultiTaskDataset',
    datasets=[_base_.seg_train, _base_.det_train, _base_.cls_train]))
val_dataloader = dict(dataset=dict(
    type='MultiTaskDataset',
    datasets=[_base_.seg_val, _base_.det_val, _base_.cls_val]))
test_dataloader = val_dataloader
val_evaluator = [dict(type='SegMetric'), dict(type='CocoDetMetric'),
                 dict(type='Top1Metric')]
test_evaluator = val_evaluator
