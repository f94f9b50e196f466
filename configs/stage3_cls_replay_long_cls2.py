# Stage 3 of `replay_long_cls2`: `replay_long` with the classification loss
# weighted 2x against the replayed seg and det losses (more plasticity for
# the new task, at some risk to the old ones).
_base_ = ['./stage3_cls_replay_long.py']
load_from = 'work_dirs/stage2_det_replay_long_cls2'
strategy = 'replay_long_cls2'
model = dict(task_weights=dict(cls=2.0))
