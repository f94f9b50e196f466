# Stage 2 of `replay_isolated_long`: `replay_private`'s.
_base_ = ['./stage2_det_replay_private.py']
strategy = 'replay_isolated_long'
