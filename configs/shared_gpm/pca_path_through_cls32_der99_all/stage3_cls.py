# Variant: `pca_path_through_cls32_der99` whose detection buffer in
# stage 3 holds every detection training image with its stored outputs
# (`ReplayHook` size above the training set's) instead of 48 of them:
# the outputs matched cover every image of the rare classes, not the
# reservoir's share. The rest as there.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/pca_path_through_cls32_der99_all/'
             'stage2_det')
model = _base_.stride32_cls_model
optim_wrapper = _base_.backbone_cls_optim
custom_hooks = [
    _base_.stride32_der99_hooks[0],
    dict(_base_.det_replay_outputs, tasks=dict(det=dict(
        _base_.det_replay_outputs['tasks']['det'], size=100000))),
    _base_.earlier_rows_kept]
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
