# Stage 3 + LwF: the stage-2 model distils its seg and det channels.
_base_ = ['./_base_/stages/cls.py']
load_from = 'work_dirs/stage2_det_lwf'
custom_hooks = [dict(type='LwFHook', tasks=['seg', 'det'], temperature=2.0)]
