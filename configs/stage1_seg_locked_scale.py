# Stage 1 of `locked_scale`: `replay_frozen_scale`'s (frozen ImageNet
# backbone, scale augmentation, 40 epochs) with head channels of their own
# for detection as well as for classification (idle until their stages).
# Why: in `replay_frozen_scale` seg fell 8.5% in stage 2 (0.2367 -> 0.2166)
# while the shared neck and head learned detection, even with its replayed
# loss at 3x; with detection in its own neck and head channels the stage
# cannot move what seg reads, as stage 3 already does for classification.
_base_ = ['./stage1_seg_replay_frozen_scale.py']
strategy = 'locked_scale'
model = dict(head=dict(private_channels=dict(det=128)))
