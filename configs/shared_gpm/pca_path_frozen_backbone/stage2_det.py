# Variant: `pca_path`'s stage 2 with the backbone frozen (as in stage 1):
# what detection's training of the backbone's deep stages gives detection
# and takes from classification.
_base_ = ['../stage2_det.py']
load_from = 'work_dirs/shared_gpm/pca_path_frozen_backbone/stage1_seg'
model = dict(frozen=['backbone'] + _base_.pca_path)
train_dataloader = dict(dataset=dict(_base_.det_train_rfs, _delete_=True))
custom_hooks = [_base_.projection, _base_.replay]
