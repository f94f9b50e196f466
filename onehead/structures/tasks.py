"""The three tasks, in the unified tensor's channel order, and how each is
scored: defined here once, read by the model, hooks, metrics and tools."""
TASKS = ('det', 'seg', 'cls')
#: inference only: decode every task for one image
ALL_TASKS = 'all'
#: each task's metric (registered name)
TASK_METRICS = dict(det='CocoDetMetric', seg='SegMetric', cls='Top1Metric')
#: the key of each task's main figure, in the order of the stages
MAIN_METRICS = dict(seg='seg/mIoU', det='det/AP50', cls='cls/top1')
