# Stage 3 + replay + LwF (see stage2_det_replay_lwf.py).
_base_ = ['./_base_/stages/cls.py']
load_from = 'work_dirs/stage2_det_replay_lwf'
custom_hooks = [
    dict(type='ReplayHook', per_batch=2,
         tasks=dict(seg=dict(dataset=_base_.seg_train, size=48),
                    det=dict(dataset=_base_.det_train, size=48))),
    dict(type='LwFHook', tasks=['seg', 'det'], temperature=2.0),
]
