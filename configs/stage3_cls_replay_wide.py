# Stage 3 of `replay_wide`: `replay_plastic_wide_det16`'s with the replayed
# detection loss weighted 2x: with the 256-channel head, detection lost 12-13%
# in stage 3 at weight 1 (twice, see README).
_base_ = ['./stage3_cls_replay_plastic_wide_det16.py']
load_from = 'work_dirs/stage2_det_replay_wide'
strategy = 'replay_wide'
model = dict(task_weights=dict(det=2.0))
