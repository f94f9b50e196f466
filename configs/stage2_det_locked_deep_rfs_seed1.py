# Stage 2 of `locked_deep_rfs_seed1`: `locked_deep_rfs`'s with random seed 1
# (0): whether its detection holds beyond one seed.
_base_ = ['./stage2_det_locked_deep_rfs.py']
strategy = 'locked_deep_rfs_seed1'
randomness = dict(seed=1)
