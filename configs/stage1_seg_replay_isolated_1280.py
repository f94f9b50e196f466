# Stage 1 of `replay_isolated_1280`: `replay_private`'s with the FPN's top
# level taken after MobileNetV2's final 1x1 conv (1280 channels, the
# features ImageNet's classifier reads) instead of before it (320). Linear
# probes on Imagenette: 0.95 vs 0.933 with ImageNet weights; frozen
# ImageNet backbone + fresh neck and private head, 16 epochs: Top-1 0.9667
# vs 0.95. Cost: 0.41M + 0.12M parameters at stride 32.
_base_ = ['./stage1_seg_replay_private.py']
model = dict(backbone=dict(out_indices=(2, 3, 5)))
strategy = 'replay_isolated_1280'
