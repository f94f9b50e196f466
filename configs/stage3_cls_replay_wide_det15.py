# Stage 3 of `replay_wide_det15`: `replay_wide`'s with the replayed detection
# loss weighted 1.5x instead of 2x (between det kept and Top-1 kept).
_base_ = ['./stage3_cls_replay_wide.py']
load_from = 'work_dirs/stage2_det_replay_wide_det15'
strategy = 'replay_wide_det15'
model = dict(task_weights=dict(det=1.5))
