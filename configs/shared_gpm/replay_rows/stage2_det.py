# Variant: stage 2 as `replay` (the same config: run with --stage2 of a
# finished `replay` run to reuse it).
_base_ = ['../stage2_det.py']
custom_hooks = [_base_.projection, _base_.replay]
