# Stage 2 of `replay_plastic_wide`: `replay_plastic`'s, 256-channel head.
_base_ = ['./stage2_det_replay_plastic.py']
load_from = 'work_dirs/stage1_seg_replay_plastic_wide'
strategy = 'replay_plastic_wide'
model = dict(head=dict(feat_channels=256))
