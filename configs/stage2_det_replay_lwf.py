# Stage 2, replay + LwF: replayed seg images keep their labels, and the
# stage-1 model distils the seg channels on every image.
_base_ = ['./stage2_det_replay.py']
load_from = 'work_dirs/stage1_seg'
strategy = 'replay_lwf'
custom_hooks = _base_.custom_hooks + [
    dict(type='LwFHook', tasks=['seg'], temperature=2.0)]
