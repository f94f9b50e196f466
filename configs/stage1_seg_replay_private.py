# Stage 1 of `replay_private`: the wide stage 1 with 128 hidden channels that
# classification alone reads (UnifiedHead `private_channels`). Seg and det
# never read them, so in stage 3 the classification loss cannot move the
# head that seg and det use; only backbone and neck stay shared.
_base_ = ['./stage1_seg_replay_plastic_wide.py']
model = dict(head=dict(private_channels=dict(cls=128)))
strategy = 'replay_private'
