# Variant: `pca_path_through_gpm_backbone`'s stage 2 with the backbone's
# deep stages keeping 90% of segmentation's patch energy instead of 97%:
# their convolutions keep fewer directions, so detection has more room to
# learn what it needs from them, while the neck and head stay at 97%.
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_path_through_gpm_backbone90/stage1_seg'
model = dict(_base_.deep_model, neck=dict(out_channels=192),
             frozen=_base_.pca_path)
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [
    dict(_base_.projection, modules=_base_.deep_stages + ['neck', 'head'],
         layer_threshold={'backbone': 0.9}),
    _base_.replay, dict(type='FrozenRowsHook', rows=_base_.path_rows)]
