# seg alone: ImageNet MobileNetV2 + SingleFPN + UnifiedHead, short schedule.
_base_ = [
    '../_base_/models/mobilenetv2_fpn_unified.py',
    '../_base_/datasets/mini_voc_seg.py',
    '../_base_/schedules/adamw_cosine.py',
    '../_base_/default_runtime.py',
]
