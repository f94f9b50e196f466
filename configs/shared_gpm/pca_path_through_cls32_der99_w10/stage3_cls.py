# Variant: `pca_path_through_cls32_der99` whose replayed detection samples
# match their stored outputs (DER++) at ten times the weight (10 instead
# of 1): classification's updates of the stride-32 stages that the
# projection lets through are pulled back wherever they move detection's
# outputs on those samples. The rest as there.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/pca_path_through_cls32_der99_w10/'
             'stage2_det')
model = _base_.stride32_cls_model
optim_wrapper = _base_.backbone_cls_optim
custom_hooks = [
    _base_.stride32_der99_hooks[0],
    dict(_base_.det_replay_outputs, outputs=dict(weight=10.0, per_batch=2)),
    _base_.earlier_rows_kept]
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
