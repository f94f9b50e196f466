# Classification with gradient projection away from segmentation's patches
# (kept from stage 2) and detection's (97% of their energy on its training
# images at the end of stage 2); the earlier tasks' output rows get no
# gradient from classification. The variants' choices as in stage 2, for
# both earlier tasks.
_base_ = ['../_base_/stages/cls.py', './_recipe.py']
load_from = 'work_dirs/shared_gpm/stage2_det'
model = _base_.shared_model
optim_wrapper = _base_.shared_optim
train_cfg = dict(max_epochs=30)
projection = dict(type='GradientProjectionHook', threshold=0.97, tasks=dict(
    seg=dict(dataset=_base_.seg_train_plain, num_samples=64),
    det=dict(dataset=_base_.det_train_plain, num_samples=64)))
replay = dict(type='ReplayHook', per_batch=2, tasks=dict(
    seg=dict(dataset=_base_.seg_train_scale_aug, size=48),
    det=dict(dataset=_base_.det_train_scale_aug, size=48)))
replay_outputs = dict(replay, outputs=dict(weight=1.0), tasks=dict(
    seg=dict(replay['tasks']['seg'],
             output_pipeline=_base_.seg_plain_pipeline),
    det=dict(replay['tasks']['det'],
             output_pipeline=_base_.det_plain_pipeline)))
# the variants whose backbone learns classification (the *_cls* ones):
# its stages at 1/300 of the output rows' rate (1e-4), no weight decay
backbone_cls_optim = dict(
    optimizer=dict(lr=0.03, weight_decay=0.0),
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=1 / 300)}))
# the *_cls_der* variants: all the deep stages (features 7-18) learn,
# their depthwise convolutions frozen
deep_cls_model = dict(
    neck=dict(out_channels=192), backbone=dict(frozen_stages=2),
    frozen=['neck', 'head.convs'] + [
        f'backbone.features.{i}.conv.1' for i in range(7, 18)],
    norm_eval=['backbone', 'neck', 'head.convs'])
# the *_cls32* variants: only the backbone's stride-32 stages (features
# 14-18, what the path reads) learn, their depthwise convolutions frozen
stride32_stages = [f'backbone.features.{i}' for i in range(14, 19)]
stride32_cls_model = dict(
    neck=dict(out_channels=192), backbone=dict(frozen_stages=3),
    frozen=['neck', 'head.convs'] + [
        f'backbone.features.{i}.conv.1' for i in range(14, 18)],
    norm_eval=['backbone', 'neck', 'head.convs'])
# ... held by detection's replayed samples as plain views with the outputs
# stored at the end of stage 2 (DER++), with detection's and
# segmentation's output rows kept (they lead the output conv)
det_replay_outputs = dict(replay_outputs, per_batch=0,
                          outputs=dict(weight=1.0, per_batch=2),
                          tasks=dict(det=replay_outputs['tasks']['det']))
earlier_rows_kept = dict(type='FrozenRowsHook',
                         rows={'head.out_conv': ['det', 'seg']})
# the *_cls32_der99* variants' hooks: the stride-32 stages under the
# projection with detection's patches at 99% of their energy, the replayed
# detection samples with their stored outputs, the earlier rows kept
stride32_der99_hooks = [
    dict(projection, modules=stride32_stages,
         threshold=dict(seg=0.97, det=0.99)),
    det_replay_outputs, earlier_rows_kept]
# the *_cutmix variants: classification's samples of half the batches
# mixed by CutMix (box areas uniform, Beta(1, 1)), labels mixed by area;
# the replayed detection samples pass untouched
cutmix = dict(data_preprocessor=dict(batch_augments=dict(cls=dict(
    type='CutMix', num_classes=_base_.num_classes['cls'], prob=0.5))))
lwf = dict(type='LwFHook', tasks=['seg', 'det'], temperature=2.0)
ewc = dict(type='EWCHook', lambda_=1000.0, tasks=dict(
    seg=dict(dataset=_base_.seg_train_plain),
    det=dict(dataset=_base_.det_train_plain)))
custom_hooks = [projection]


def cls_resized(size):
    """Classification's training and test datasets at ``size``."""
    train = dict(_base_.cls_train, pipeline=[
        dict(t, size=size) if t['type'] == 'RandomResizedCrop' else t
        for t in _base_.cls_train_pipeline])
    test = dict(_base_.cls_val, pipeline=[
        dict(t, scale=(size, size)) if t['type'] == 'Resize' else t
        for t in _base_.cls_test_pipeline])
    return train, test


# the pca_path_through variants: classification's images at 10/7 of the
# size (320x320 on the course data, 224 before) for training and testing:
# the path's frozen layers were set on 512x512 photos, whose objects span
# more cells of the stride-32 level than a 224x224 image's
cls_size_large = _base_.cls_size * 10 // 7
cls_train_large, cls_val_large = cls_resized(cls_size_large)
# the *_cls448 variants: twice the size (448x448 on the course data), the
# 160-pixel photos upscaled 2.8 times
cls_size_xl = _base_.cls_size * 2
cls_train_xl, cls_val_xl = cls_resized(cls_size_xl)
