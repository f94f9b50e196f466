# Stage 2 + LwF: the stage-1 model distils its segmentation channels.
_base_ = ['./_base_/stages/det.py']
custom_hooks = [dict(type='LwFHook', tasks=['seg'], temperature=2.0)]
