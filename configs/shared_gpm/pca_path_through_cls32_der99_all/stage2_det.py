# Variant: stage 2 as `pca_path_through` (the same config: run with
# --stage2 of a finished `pca_path_through` or `pca_path_through_cls32_der99`
# run to reuse its stages 1 and 2): the backbone's deep stages learn
# detection unprojected.
_base_ = ['../stage2_det.py']
load_from = ('work_dirs/shared_gpm/pca_path_through_cls32_der99_all/'
             'stage1_seg')
model = dict(_base_.deep_model, neck=dict(out_channels=192),
             frozen=_base_.pca_path)
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [_base_.projection, _base_.replay,
                dict(type='FrozenRowsHook', rows=_base_.path_rows)]
