# Stage 3 of `replay_frozen_scale`: `replay_frozen_long`'s.
_base_ = ['./stage3_cls_replay_frozen_long.py']
load_from = 'work_dirs/stage2_det_replay_frozen_scale'
strategy = 'replay_frozen_scale'
