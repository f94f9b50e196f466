# Variant: nothing against forgetting; the shared neck and head (their
# BatchNorm statistics included) follow the new task alone.
_base_ = ['../stage2_det.py']
custom_hooks = []
