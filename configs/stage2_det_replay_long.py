# Stage 2 of `replay_long`: the same as `replay` (the strategies differ in
# stage 3 only, so a finished replay stage 2 can be reused with --stage2).
_base_ = ['./stage2_det_replay.py']
strategy = 'replay_long'
