# The unified model on the chosen data with the default runtime (what the
# stage bases in stages/ start from as well). Data: the course datasets by
# default; ONEHEAD_DATASETS=sample_data switches every config to the
# embedded sample data (the head's class counts follow). Model: MobileNetV2
# (whose ImageNet weights install offline) stands in for a course backbone;
# ONEHEAD_MODEL=mobilenetv3s_fpn_unified (or efficientnetb0_fpn_unified,
# fastscnn_fpn_unified) switches to one.
_base_ = [
    './models/{{$ONEHEAD_MODEL:mobilenetv2_fpn_unified}}.py',
    './datasets/course_layout.py',
    './default_runtime.py',
]
model = dict(head=dict(num_classes=_base_.num_classes))
