# Stage 2 of `locked_deep_seed1`: `locked_deep`'s with random seed 1 (0):
# whether its detection gain over `locked_scale_long` holds beyond one seed.
_base_ = ['./stage2_det_locked_deep.py']
strategy = 'locked_deep_seed1'
randomness = dict(seed=1)
