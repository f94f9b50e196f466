# Variant: `pca_path_through_gpm_backbone_cls32_der99`'s stage 3 with the
# head's second conv learning classification too, where classification
# reads: its 3x3 convolution under the projection (segmentation's basis
# kept from stage 2, detection's at 99% of its patch energy), at 1e-3
# (1/30 of the output rows' rate), its BatchNorm fixed. The rest as there:
# the backbone's stride-32 stages learn at 1e-4 under the projection;
# replayed detection samples with their stored outputs (DER++); the
# earlier tasks' output rows kept.
_base_ = ['../stage3_cls.py']
load_from = ('work_dirs/shared_gpm/'
             'pca_path_through_gpm_backbone_cls32_head_der99/stage2_det')
model = dict(_base_.stride32_cls_model, frozen=[
    'neck', 'head.convs.0', 'head.convs.1', 'head.convs.4'] + [
    f'backbone.features.{i}.conv.1' for i in range(14, 18)])
optim_wrapper = dict(_base_.backbone_cls_optim, paramwise_cfg=dict(
    custom_keys=dict(_base_.backbone_cls_optim.paramwise_cfg.custom_keys,
                     **{'head.convs': dict(lr_mult=1 / 30)})))
custom_hooks = [
    dict(_base_.projection, modules=_base_.stride32_stages + ['head.convs.3'],
         threshold=dict(seg=0.97, det=0.99)),
    _base_.det_replay_outputs, _base_.earlier_rows_kept]
cls_train = _base_.cls_train_large
cls_val = _base_.cls_val_large
train_dataloader = dict(dataset=cls_train)
val_dataloader = dict(dataset=dict(
    datasets=[_base_.seg_val, _base_.det_val, cls_val]))
test_dataloader = val_dataloader
