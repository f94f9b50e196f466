# Variant: `pca_path_through_gpm_backbone90_e20_cls32_der99`'s stage 3
# whose detection output rows, kept while classification trains, are
# refit at the end of the stage to the outputs stored for the replayed
# detection samples (`ReplayHook(refit_rows=['det'])`: least squares on
# the map the moved stride-32 stages give now), so detection's readout
# follows what classification changed under it. The rest as there.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/'
             'pca_path_through_gpm_backbone90_e20_cls32_der99_refit/'
             'stage2_det')
model = _base_.stride32_cls_model
optim_wrapper = _base_.backbone_cls_optim
custom_hooks = [
    _base_.stride32_der99_hooks[0],
    dict(_base_.det_replay_outputs, refit_rows=['det']),
    _base_.earlier_rows_kept]
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
