from .multi_task_data_sample import MultiTaskDataSample
from .tasks import ALL_TASKS, MAIN_METRICS, TASK_METRICS, TASKS

__all__ = ['MultiTaskDataSample', 'TASKS', 'ALL_TASKS', 'TASK_METRICS',
           'MAIN_METRICS']
