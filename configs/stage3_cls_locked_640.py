# Stage 3 of `locked_640`: `locked_scale`'s, detection evaluated at 640x640
# as in its stage.
_base_ = ['./stage3_cls_locked_scale.py']
load_from = 'work_dirs/stage2_det_locked_640'
strategy = 'locked_640'
det_size = (640, 640)
# (named det_val, as in the base: eval.py reads the saved det_val)
det_val = dict(_base_.det_val, pipeline=[
    dict(t, scale=det_size) if t['type'] == 'Resize' else
    dict(t, size=det_size) if t['type'] == 'Pad' else t
    for t in _base_.det_val.pipeline])
val_dataloader = dict(dataset=dict(datasets=[_base_.seg_val, det_val,
                                             _base_.cls_val]))
test_dataloader = val_dataloader
