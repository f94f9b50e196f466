# Variant with a stage 1 of its own: the FPN's output (the map the head and
# so every task reads) 256 channels wide instead of 96.
_base_ = ['../stage1_seg.py']
model = dict(neck=dict(out_channels=256))
