# What every stage of shared_gpm shares: MobileNetV2's 1280-channel last
# layer as the stride-32 level and a head 256 wide, the ImageNet backbone
# frozen in every stage (BatchNorm statistics included), AdamW at 3e-3.
shared_model = dict(backbone=dict(out_indices=(2, 3, 5)),
                    head=dict(feat_channels=256),
                    frozen=['backbone'], norm_eval=True)
shared_optim = dict(optimizer=dict(lr=3e-3))
