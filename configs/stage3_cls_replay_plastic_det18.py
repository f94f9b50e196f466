# Stage 3 of `replay_plastic_det18`: `replay_plastic`'s.
_base_ = ['./stage3_cls_replay_plastic.py']
load_from = 'work_dirs/stage2_det_replay_plastic_det18'
strategy = 'replay_plastic_det18'
