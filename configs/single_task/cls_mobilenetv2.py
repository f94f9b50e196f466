# cls alone: ImageNet MobileNetV2 + SingleFPN + UnifiedHead, short schedule.
_base_ = ['../_base_/onehead.py', '../_base_/schedules/adamw_cosine.py']
train_dataloader = dict(dataset=_base_.cls_train)
val_dataloader = dict(dataset=_base_.cls_val)
test_dataloader = val_dataloader
val_evaluator = dict(type='Top1Metric')
test_evaluator = val_evaluator
