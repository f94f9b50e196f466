# Stage 2 of `replay_isolated_1280`: `replay_isolated_long`'s on the
# 1280-channel top level.
_base_ = ['./stage2_det_replay_isolated_long.py']
load_from = 'work_dirs/stage1_seg_replay_isolated_1280'
model = dict(backbone=dict(out_indices=(2, 3, 5)))
strategy = 'replay_isolated_1280'
