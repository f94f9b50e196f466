# Stage 2 of `replay_wide_det15`: `replay_wide`'s.
_base_ = ['./stage2_det_replay_wide.py']
strategy = 'replay_wide_det15'
