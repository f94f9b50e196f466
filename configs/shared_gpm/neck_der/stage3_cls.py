# Variant: projection for the neck only (99.9% of the energy), stored
# outputs and distillation for the head: the head learns the new task
# freely but is pulled back on the earlier tasks' replayed samples (their
# labels and stored outputs, DER++) and on the new images (LwF); the
# head's BatchNorm statistics stay as stage 1 left them.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/neck_der/stage2_det'
model = dict(norm_eval=['backbone', 'head'])
custom_hooks = [
    dict(_base_.projection, modules=['neck'], threshold=0.999),
    _base_.replay_outputs, _base_.lwf,
]
