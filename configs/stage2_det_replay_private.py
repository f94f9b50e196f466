# Stage 2 of `replay_private`: `replay_wide`'s, with the private channels.
_base_ = ['./stage2_det_replay_wide.py']
load_from = 'work_dirs/stage1_seg_replay_private'
strategy = 'replay_private'
model = dict(head=dict(private_channels=dict(cls=128)))
