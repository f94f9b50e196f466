# Stage 3, replay + LwF for seg and det.
_base_ = ['./stage3_cls_replay.py']
load_from = 'work_dirs/stage2_det_replay_lwf'
strategy = 'replay_lwf'
custom_hooks = _base_.custom_hooks + [
    dict(type='LwFHook', tasks=['seg', 'det'], temperature=2.0)]
