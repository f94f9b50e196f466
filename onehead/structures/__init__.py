from .multi_task_data_sample import TASKS, MultiTaskDataSample

__all__ = ['MultiTaskDataSample', 'TASKS']
