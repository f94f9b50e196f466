# Variant: `pca_path_wide`'s stage 2 with the backbone's deep stages under
# the projection too (`pca_path_through_gpm_backbone`'s): the path reads
# only the stride-32 lateral, and the features that lateral was set on move
# only where segmentation's input patches leave room.
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_path_wide_gpm_backbone/stage1_seg'
model = dict(_base_.deep_model, neck=_base_.wide_neck)
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [
    dict(_base_.projection, modules=_base_.deep_stages + ['neck', 'head']),
    _base_.replay, dict(type='FrozenRowsHook', rows=_base_.wide_path_rows)]
