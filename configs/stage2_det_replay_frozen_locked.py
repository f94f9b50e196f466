# Stage 2 of `replay_frozen_locked`: `replay_frozen`'s with the replayed
# segmentation loss weighted 2x. Stage 3 of this strategy changes nothing
# that seg and det read, so what seg keeps here is what it ends with; in
# `replay_frozen` seg lost 5.5% in this stage.
_base_ = ['./stage2_det_replay_frozen.py']
strategy = 'replay_frozen_locked'
model = dict(task_weights=dict(seg=2.0))
