# What every stage of shared_gpm shares: MobileNetV2's 1280-channel last
# layer as the stride-32 level and a head 256 wide, the ImageNet backbone
# frozen in every stage (BatchNorm statistics included), AdamW at 3e-3.
shared_model = dict(backbone=dict(out_indices=(2, 3, 5)),
                    head=dict(feat_channels=256),
                    frozen=['backbone'], norm_eval=True)
shared_optim = dict(optimizer=dict(lr=3e-3))
# what the deep_det variants change where the backbone trains: its
# stride-16/32 stages learn (1/30 of the rate, BatchNorm statistics fixed);
# the backbone is shared, so every task reads what they become
deep_model = dict(backbone=dict(frozen_stages=2), frozen=[],
                  norm_eval=['backbone'])
deep_optim = dict(paramwise_cfg=dict(
    custom_keys={'backbone': dict(lr_mult=1 / 30)}))
# the stride-16/32 stages that `deep_model` trains (MobileNetV2's features
# 7-18), which the *_gpm_backbone variants put under the projection too
deep_stages = [f'backbone.features.{i}' for i in range(7, 19)]
# the pca_path variant: the convolutions from the backbone's last level to
# the head's hidden map, set to the principal directions of their inputs
# on segmentation's images and frozen from then on
pca_path = ['neck.laterals.2.0', 'neck.fuse.0', 'head.convs.0']
# the pca_path_through variant: the path goes on through the head's second
# conv on its first 128 channels (64 principal directions with both signs);
# its other 128 channels learn as before
path_rows = {'head.convs.3': 128}
# the pca_path_through96 variant: 96 directions there (192 channels), the
# other 64 learn
path_rows96 = {'head.convs.3': 192}
# the pca_path_wide variant: the neck 256 wide, whose leading 192 channels
# only the stride-32 lateral writes (the stride-8/16 laterals write the
# trailing 64); on each layer the path is the leading rows (principal
# directions with both signs) reading only the path's channels before it,
# kept by FrozenRowsHook; every other row learns and reads every channel
wide_neck = dict(out_channels=256, lateral_channels=(64, 64, 256))
wide_path_rows = {'neck.laterals.2.0': 192, 'neck.fuse.0': 192,
                  'head.convs.0': 192, 'head.convs.3': 128}
wide_path_inputs = {'neck.fuse.0': 192, 'head.convs.0': 192,
                    'head.convs.3': 192}
