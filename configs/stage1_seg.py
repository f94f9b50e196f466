# Stage 1: segmentation alone, from ImageNet weights.
_base_ = ['./_base_/stages/seg.py']
