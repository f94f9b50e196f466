# Variant: `pca_path_through_gpm_backbone90_e20`'s stage 2 (the backbone's
# deep stages under the projection at 90% of segmentation's patch energy,
# the neck and head at 97%; 20 epochs).
_base_ = ['../stage2_det.py']
load_from = ('work_dirs/shared_gpm/'
             'pca_path_through_gpm_backbone90_e20_cls32_der99_refit_cutmix/'
             'stage1_seg')
model = dict(_base_.deep_model, neck=dict(out_channels=192),
             frozen=_base_.pca_path)
optim_wrapper = _base_.deep_optim
train_cfg = dict(max_epochs=20)
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [
    dict(_base_.projection, modules=_base_.deep_stages + ['neck', 'head'],
         layer_threshold={'backbone': 0.9}),
    _base_.replay, dict(type='FrozenRowsHook', rows=_base_.path_rows)]
