# Variant: `deep_det` whose replayed samples of the earlier tasks carry,
# besides their labels, the outputs the model gave them at the end of their
# stage, which the model is trained to match (DER++), to hold detection's
# rare classes where stage 2 left them (they still drop: see the README).
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/deep_det_der/stage2_det'
custom_hooks = [_base_.projection, _base_.replay_outputs]
