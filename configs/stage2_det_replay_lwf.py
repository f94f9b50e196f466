# Stage 2 + replay + LwF: the replay of stage2_det_replay.py and the
# distillation of stage2_det_lwf.py together.
_base_ = ['./_base_/stages/det.py']
custom_hooks = [
    dict(type='ReplayHook', per_batch=2,
         tasks=dict(seg=dict(dataset=_base_.seg_train, size=48))),
    dict(type='LwFHook', tasks=['seg'], temperature=2.0),
]
