# Stage 2 of `replay_frozen_locked_long`: `replay_frozen_locked`'s.
_base_ = ['./stage2_det_replay_frozen_locked.py']
strategy = 'replay_frozen_locked_long'
