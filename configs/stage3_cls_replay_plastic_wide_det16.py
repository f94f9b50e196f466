# Stage 3 of `replay_plastic_wide_det16`: `replay_plastic_wide`'s.
_base_ = ['./stage3_cls_replay_plastic_wide.py']
load_from = 'work_dirs/stage2_det_replay_plastic_wide_det16'
strategy = 'replay_plastic_wide_det16'
