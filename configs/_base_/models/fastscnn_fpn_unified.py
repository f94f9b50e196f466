# Fast-SCNN (a course backbone, trained from scratch: no ImageNet weights
# exist) -> one FPN layer over its strides 8/16/32 -> 3-layer UnifiedHead.
_base_ = ['./mobilenetv2_fpn_unified.py']
model = dict(backbone=dict(_delete_=True, type='FastSCNN',
                           out_indices=(0, 1, 2)))
