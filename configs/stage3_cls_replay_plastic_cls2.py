# Stage 3 of `replay_plastic_cls2`: `replay_plastic` with the classification
# loss weighted 2x against the replayed seg and det losses (the replayed
# tasks rose in replay_plastic's stage 3; classification is held back).
_base_ = ['./stage3_cls_replay_plastic.py']
load_from = 'work_dirs/stage2_det_replay_plastic_cls2'
strategy = 'replay_plastic_cls2'
model = dict(task_weights=dict(cls=2.0))
