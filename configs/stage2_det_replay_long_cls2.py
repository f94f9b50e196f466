# Stage 2 of `replay_long_cls2`: the same as `replay` (reusable with --stage2).
_base_ = ['./stage2_det_replay.py']
strategy = 'replay_long_cls2'
