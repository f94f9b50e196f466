# Variant: replay with stored outputs (DER++) plus LwF: each buffered
# sample keeps its model's outputs from the end of its task's stage and is
# trained on its labels and on matching them; the earlier tasks' channels
# are also distilled on the new task's images.
_base_ = ['../stage2_det.py']
custom_hooks = [_base_.replay_outputs, _base_.lwf]
