# Stage 3 of `replay_private`: `replay_wide`'s, with the private channels.
# Detection's replayed loss stays 2x: at 1x, det still fell 7% in a probe
# (the neck and backbone are shared), with Top-1 no better.
_base_ = ['./stage3_cls_replay_wide.py']
load_from = 'work_dirs/stage2_det_replay_private'
strategy = 'replay_private'
model = dict(head=dict(private_channels=dict(cls=128)))
