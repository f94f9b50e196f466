# Stage 3 of `replay_plastic_light`: `replay_plastic` replaying 1 sample per
# earlier task and batch instead of 2: seg and det rose in replay_plastic's
# stage 3 (room to give up), classification is the task held back.
_base_ = ['./stage3_cls_replay_plastic.py']
load_from = 'work_dirs/stage2_det_replay_plastic_light'
strategy = 'replay_plastic_light'
custom_hooks = [dict(_base_.custom_hooks[0], per_batch=1)]
