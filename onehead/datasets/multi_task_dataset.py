"""Several task datasets behind one index (evaluation of all seen tasks,
joint training)."""
import bisect
from typing import List, Sequence, Union

from torch.utils.data import Dataset

from onehead.registry import DATASETS


@DATASETS.register_module()
class MultiTaskDataset(Dataset):
    """Concatenation of task datasets with per-task ``metainfo``.

    ``metainfo`` is ``{task: dataset.metainfo, 'tasks': [...]}``, so each
    metric finds its own class names; unlike mmengine's ConcatDataset the
    parts may (and do) have different metainfo.
    """

    def __init__(self, datasets: Sequence[Union[dict, Dataset]]):
        self.datasets: List[Dataset] = [
            DATASETS.build(d) if isinstance(d, dict) else d
            for d in datasets]
        if not self.datasets:
            raise ValueError('MultiTaskDataset needs at least one dataset')
        self.tasks = [d.TASK for d in self.datasets]
        self.cumulative = []
        total = 0
        for d in self.datasets:
            total += len(d)
            self.cumulative.append(total)

    @property
    def metainfo(self) -> dict:
        meta = {t: d.metainfo for t, d in zip(self.tasks, self.datasets)}
        meta['tasks'] = list(self.tasks)
        return meta

    def __len__(self) -> int:
        return self.cumulative[-1]

    def _locate(self, idx: int):
        if idx < 0:
            idx += len(self)
        i = bisect.bisect_right(self.cumulative, idx)
        start = self.cumulative[i - 1] if i else 0
        return self.datasets[i], idx - start

    def __getitem__(self, idx: int):
        ds, j = self._locate(idx)
        return ds[j]

    def get_data_info(self, idx: int) -> dict:
        ds, j = self._locate(idx)
        return ds.get_data_info(j)
