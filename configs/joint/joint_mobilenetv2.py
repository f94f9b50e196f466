# Joint reference: all three tasks trained together from ImageNet weights,
# batches mixing seg, det and cls images (the upper bound of sequential
# learning), scored as a classification stage scores all three. 12 epochs
# over the 697 images cost about what the three stages of a recipe cost.
_base_ = ['../_base_/stages/cls.py']
load_from = None
train_cfg = dict(max_epochs=12)
train_dataloader = dict(batch_size=8, dataset=dict(
    _delete_=True, type='MultiTaskDataset',
    datasets=[_base_.seg_train, _base_.det_train, _base_.cls_train]))
default_hooks = dict(stage_results=None)  # one stage: no forgetting table
