# Detection with gradient projection: every update of the shared neck and
# head convolutions is orthogonal to the input patches of segmentation's
# images (97% of their energy), and every BatchNorm is fixed; segmentation's
# output rows get no gradient from detection. The other ways against
# forgetting that the variant folders choose from are defined beside it.
_base_ = ['../_base_/stages/det.py', './_recipe.py']
load_from = 'work_dirs/shared_gpm/stage1_seg'
model = _base_.shared_model
optim_wrapper = _base_.shared_optim
train_cfg = dict(max_epochs=24)
train_dataloader = dict(dataset=_base_.det_train_scale_aug)
projection = dict(type='GradientProjectionHook', threshold=0.97,
                  tasks=dict(seg=dict(dataset=_base_.seg_train_plain,
                                      num_samples=64)))
replay = dict(type='ReplayHook', per_batch=2,
              tasks=dict(seg=dict(dataset=_base_.seg_train_scale_aug,
                                  size=48)))
# replay with the outputs stored at the end of segmentation's stage
replay_outputs = dict(replay, outputs=dict(weight=1.0), tasks=dict(
    seg=dict(replay['tasks']['seg'],
             output_pipeline=_base_.seg_plain_pipeline)))
lwf = dict(type='LwFHook', tasks=['seg'], temperature=2.0)
ewc = dict(type='EWCHook', lambda_=1000.0,
           tasks=dict(seg=dict(dataset=_base_.seg_train_plain)))
custom_hooks = [projection]
# the deep_det variants: the images of rare classes repeat
# (ClassBalancedDataset, threshold 0.1) while the backbone's deep stages
# train (`deep_model`, `deep_optim` of _recipe.py)
det_train_rfs = dict(type='ClassBalancedDataset', oversample_thr=0.1,
                     dataset=_base_.det_train_scale_aug)
# the *_det384 variants: detection's windows, and the replayed
# segmentation samples', cut at 3/4 of the input size
det_train_rfs_small = dict(det_train_rfs,
                           dataset=_base_.det_train_scale_aug_small)
replay_small = dict(replay, tasks=dict(seg=dict(
    replay['tasks']['seg'], dataset=_base_.seg_train_scale_aug_small)))
