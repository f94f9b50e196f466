# Stage 2 of `replay_frozen_isolated`: `replay_frozen`'s.
_base_ = ['./stage2_det_replay_frozen.py']
strategy = 'replay_frozen_isolated'
