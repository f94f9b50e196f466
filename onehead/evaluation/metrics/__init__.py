from .coco_det_metric import CocoDetMetric
from .seg_metric import SegMetric, confusion_matrix, iou_from_confusion
from .top1_metric import Top1Metric

__all__ = ['SegMetric', 'CocoDetMetric', 'Top1Metric', 'confusion_matrix',
           'iou_from_confusion']
