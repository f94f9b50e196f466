# Stage 2 of `replay_plastic_cls2`: the same as `replay_plastic` (the
# strategies differ in stage 3 only: reusable with --stage2).
_base_ = ['./stage2_det_replay_plastic.py']
strategy = 'replay_plastic_cls2'
