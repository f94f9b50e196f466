# Stage 3 of `replay_frozen_long`: `replay_frozen_locked_long`'s (private
# cls neck and head, everything seg and det read frozen, 64 epochs).
_base_ = ['./stage3_cls_replay_frozen_locked_long.py']
load_from = 'work_dirs/stage2_det_replay_frozen_long'
strategy = 'replay_frozen_long'
