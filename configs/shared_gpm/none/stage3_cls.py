# Variant: nothing against forgetting; the shared neck and head (their
# BatchNorm statistics included) follow the new task alone.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/none/stage2_det'
custom_hooks = []
