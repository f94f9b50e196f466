# Stage 2 of `locked_deep`: `locked_scale_long`'s, with a copy of the
# backbone's stride-16 and stride-32 stages that detection alone reads and
# fine-tunes (MobileNetV2 `private_stages`, 1.76M parameters, starting from
# the ImageNet weights; learning rate 0.1x as every backbone). Why: the
# frozen ImageNet features bound detection (AP50 0.134 / 0.047 / 0.077 over
# three seeds); seg and cls keep reading the frozen shared stages, so
# nothing they learned can move.
_base_ = ['./stage2_det_locked_scale_long.py']
strategy = 'locked_deep'
model = dict(
    backbone=dict(private_stages=dict(det=3)),
    frozen=['backbone.features', 'neck.laterals', 'neck.fuse', 'head.convs'])
