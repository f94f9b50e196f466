# Variant: `pca_path_through`'s stage 2 on this variant's stage 1.
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_path_through_seg384/stage1_seg'
model = dict(_base_.deep_model, neck=dict(out_channels=192),
             frozen=_base_.pca_path)
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [_base_.projection, _base_.replay,
                dict(type='FrozenRowsHook', rows=_base_.path_rows)]
