# Variant: `pca_path_through`'s stage 2 whose backbone stages learn
# detection at 1/50 of the rate instead of 1/30, so the features the
# path reads move less.
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_path_through_backbone50/stage1_seg'
model = dict(_base_.deep_model, neck=dict(out_channels=192),
             frozen=_base_.pca_path)
optim_wrapper = dict(paramwise_cfg=dict(
    custom_keys={'backbone': dict(lr_mult=1 / 50)}))
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [_base_.projection, _base_.replay,
                dict(type='FrozenRowsHook', rows=_base_.path_rows)]
