# Variant: replay with stored outputs (DER++) plus LwF: each buffered
# sample keeps its model's outputs from the end of its task's stage and is
# trained on its labels and on matching them; the earlier tasks' channels
# are also distilled on the new task's images.
_base_ = ['../stage3_cls.py']
load_from = 'work_dirs/shared_gpm/der/stage2_det'
custom_hooks = [_base_.replay_outputs, _base_.lwf]
