# Stage 3 of `replay_plastic_wide`: `replay_plastic`'s, 256-channel head.
_base_ = ['./stage3_cls_replay_plastic.py']
load_from = 'work_dirs/stage2_det_replay_plastic_wide'
strategy = 'replay_plastic_wide'
model = dict(head=dict(feat_channels=256))
