# Stage 1 of `replay_plastic_wide`: the plain stage 1 with a 256-channel
# UnifiedHead (128 in the base model). Its shared layers then leave room for
# a third task next to seg and det; bf16 on the CPU's AMX units makes the
# width nearly free (+2% stage-1 time, see README).
_base_ = ['./stage1_seg.py']
model = dict(head=dict(feat_channels=256))
strategy = 'replay_plastic_wide'
