"""The earlier tasks' data that a forgetting hook reads once per task."""
import copy
from typing import Container, Dict, Iterator, Tuple

from onehead.registry import DATASETS


def new_tasks(tasks: Dict[str, dict], known: Container
              ) -> Iterator[Tuple[str, dict, object]]:
    """``(task, its cfg, its dataset)`` for every task of ``tasks`` whose
    state is not ``known`` yet (restored from a checkpoint, or made by an
    earlier stage)."""
    for task, cfg in tasks.items():
        if task not in known:
            yield task, cfg, DATASETS.build(copy.deepcopy(cfg['dataset']))
