# det alone: ImageNet MobileNetV2 + SingleFPN + UnifiedHead, short schedule.
_base_ = [
    '../_base_/models/mobilenetv2_fpn_unified.py',
    '../_base_/datasets/mini_coco_det.py',
    '../_base_/schedules/adamw_cosine.py',
    '../_base_/default_runtime.py',
]
