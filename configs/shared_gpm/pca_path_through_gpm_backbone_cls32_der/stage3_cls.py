# Variant: `pca_path_through_gpm_backbone_cls_der`'s stage 3 with only the
# backbone's stride-32 stages (features 14-18, what the path reads)
# learning classification: the stride-16 stages that feed the neck's
# stride-16 lateral stay as detection left them, so detection's and
# segmentation's finer level cannot move. The rest as there: 1x1
# convolutions under the projection, depthwise ones frozen, every
# BatchNorm fixed, 1e-4; replayed detection samples with the outputs
# stored at the end of stage 2 (DER++, plain views); the earlier tasks'
# output rows kept.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/pca_path_through_gpm_backbone_cls32_der/'
             'stage2_det')
model = _base_.stride32_cls_model
optim_wrapper = _base_.backbone_cls_optim
custom_hooks = [
    dict(_base_.projection, modules=_base_.stride32_stages),
    _base_.det_replay_outputs, _base_.earlier_rows_kept]
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
