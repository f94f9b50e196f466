# Variant: `pca_path_through_gpm_backbone_cls32_head_der99`'s stage 3 with
# the whole path after the stride-32 lateral learning classification: the
# neck's fuse conv and both of the head's convs (every 3x3 conv between the
# lateral and the map classification reads) under the projection
# (segmentation's basis kept from stage 2, detection's at 99% of its
# patch energy), at 1e-3, their BatchNorms fixed. The rest as there.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/'
             'pca_path_through_gpm_backbone_cls32_path_der99/stage2_det')
path_convs = ['neck.fuse.0', 'head.convs.0', 'head.convs.3']
model = dict(_base_.stride32_cls_model, frozen=[
    'neck.laterals', 'neck.fuse.1', 'head.convs.1', 'head.convs.4'] + [
    f'backbone.features.{i}.conv.1' for i in range(14, 18)])
optim_wrapper = dict(_base_.backbone_cls_optim, paramwise_cfg=dict(
    custom_keys=dict(_base_.backbone_cls_optim.paramwise_cfg.custom_keys,
                     **{c: dict(lr_mult=1 / 30) for c in path_convs})))
custom_hooks = [
    dict(_base_.projection, modules=_base_.stride32_stages + path_convs,
         threshold=dict(seg=0.97, det=0.99)),
    _base_.det_replay_outputs, _base_.earlier_rows_kept]
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
