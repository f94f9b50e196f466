# Stage 3 of `replay_isolated`: `replay_private`'s with the backbone frozen
# and the neck learning at 1e-3 (3e-3 before). Classification learns in its
# private head channels; seg and det read only the shared ones, so what can
# still move them is the neck, held by replay. In `replay_private` (backbone
# at 1e-4, neck at 3e-3) det fell 35% in this stage; with backbone, neck and
# shared head all frozen det and seg stay exactly, but Top-1 stops at
# 0.70-0.77 (probes): classification needs the neck to adapt a little.
# Without the backbone's backward pass the stage also takes half the time.
_base_ = ['./stage3_cls_replay_private.py']
load_from = 'work_dirs/stage2_det_replay_isolated'
strategy = 'replay_isolated'
model = dict(frozen=['backbone'])
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'neck': dict(lr_mult=1 / 3)}))
