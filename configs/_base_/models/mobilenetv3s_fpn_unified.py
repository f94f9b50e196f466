# MobileNetV3-Small (a course backbone) -> one FPN layer (stride 8) ->
# 3-layer UnifiedHead. ImageNet weights: torchvision's file (downloaded on
# first use when online, else put where the error message says).
_base_ = ['./mobilenetv2_fpn_unified.py']
model = dict(backbone=dict(
    _delete_=True, type='MobileNetV3Small',
    init_cfg=dict(type='Pretrained',
                  checkpoint='torchvision://mobilenet_v3_small')))
