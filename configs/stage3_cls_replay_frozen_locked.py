# Stage 3 of `replay_frozen_locked`: classification learns in a neck and
# head channels of its own (new in this stage, see
# `stage3_cls_replay_frozen_isolated.py`); everything seg and det read is
# frozen (backbone, shared neck, shared head, and their rows of the output
# conv, which only their losses reach: no weight decay on it), so they end
# the stage exactly as they began it and no replay is needed. In
# `replay_frozen_isolated` the shared head kept learning from the replayed
# samples and detection lost 43% (0.0962 -> 0.0544; mostly the one val
# image of trains and person).
_base_ = ['./stage3_cls_replay_frozen_isolated.py']
load_from = 'work_dirs/stage2_det_replay_frozen_locked'
strategy = 'replay_frozen_locked'
custom_hooks = []
model = dict(
    task_weights=None,
    frozen=['backbone', 'neck.laterals', 'neck.fuse', 'head.convs'])
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'head.out_conv': dict(decay_mult=0.0)}))
