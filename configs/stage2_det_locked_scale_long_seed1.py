# Stage 2 of `locked_scale_long_seed1`: `locked_scale_long`'s with another
# random seed (order of the images, augmentation, the new layers' initial
# weights): how far the best recipe's det AP50 moves by chance alone.
_base_ = ['./stage2_det_locked_scale_long.py']
strategy = 'locked_scale_long_seed1'
randomness = dict(seed=1)
