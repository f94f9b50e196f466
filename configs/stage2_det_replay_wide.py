# Stage 2 of `replay_wide`: `replay_plastic_wide_det16`'s.
_base_ = ['./stage2_det_replay_plastic_wide_det16.py']
strategy = 'replay_wide'
