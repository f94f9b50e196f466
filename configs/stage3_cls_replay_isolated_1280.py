# Stage 3 of `replay_isolated_1280`: `replay_isolated_long`'s on the
# 1280-channel top level, with the private classification block's
# BatchNorm learning its statistics. Only classification images run
# through that block (the head skips it for det/seg), so it needs no fixed
# statistics; the ones it had were of random features on det/seg images.
# On `replay_isolated_long`'s stage 2 this alone gave Top-1 0.9333 (0.9167).
_base_ = ['./stage3_cls_replay_isolated_long.py']
load_from = 'work_dirs/stage2_det_replay_isolated_1280'
model = dict(backbone=dict(out_indices=(2, 3, 5)),
             norm_eval=['backbone', 'neck', 'head.convs'])
strategy = 'replay_isolated_1280'
