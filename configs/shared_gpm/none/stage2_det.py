# Ablation: no mitigation; the shared neck and head (BatchNorm included)
# follow the new task alone.
_base_ = ['../stage2_det.py']
custom_hooks = []
