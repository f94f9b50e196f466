# Variant: `pca_path_through`'s stage 2 with the backbone's deep stages,
# which detection trains, under the gradient projection too: their
# convolutions (the depthwise ones aside) learn only where segmentation's
# input patches leave room, so the features the frozen path was set on
# move less under detection.
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_path_through_gpm_backbone/stage1_seg'
model = dict(_base_.deep_model, neck=dict(out_channels=192),
             frozen=_base_.pca_path)
optim_wrapper = _base_.deep_optim
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [
    dict(_base_.projection, modules=_base_.deep_stages + ['neck', 'head']),
    _base_.replay, dict(type='FrozenRowsHook', rows=_base_.path_rows)]
