# Stage 3 of `replay_frozen`: `replay_isolated_1280`'s (backbone frozen
# there already).
_base_ = ['./stage3_cls_replay_isolated_1280.py']
load_from = 'work_dirs/stage2_det_replay_frozen'
strategy = 'replay_frozen'
