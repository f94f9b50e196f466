# Variant: stage 2 as `pca_path_through` (the same config: run with
# --stage2 of a finished `pca_path_through` run to reuse its stage 2).
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_path_through_cls448/stage1_seg'
model = dict(_base_.deep_model, neck=dict(out_channels=192),
             frozen=_base_.pca_path)
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [_base_.projection, _base_.replay,
                dict(type='FrozenRowsHook', rows=_base_.path_rows)]
