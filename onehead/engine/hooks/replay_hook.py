"""Replay: earlier tasks' samples mixed into every batch of a later task."""
import copy
import random
from typing import Dict, Optional

import numpy as np
from mmengine.hooks import Hook
from PIL import Image

from onehead.registry import DATASETS, HOOKS
from .replay_buffer import ClassBalancedReservoir


def sample_labels(info: dict) -> list:
    """Class labels present in one sample (for class balancing)."""
    if 'instances' in info:
        return [i['bbox_label'] for i in info['instances']
                if not i.get('ignore_flag', 0)]
    if 'seg_map_path' in info:
        values = np.unique(np.asarray(Image.open(info['seg_map_path'])))
        return [int(v) for v in values if 0 < v < 255]
    if 'gt_label' in info:
        return [int(info['gt_label'])]
    return []


@HOOKS.register_module()
class ReplayHook(Hook):
    """Keep a class-balanced buffer per earlier task; replay it.

    Args:
        tasks: ``{task: dict(dataset=<train dataset cfg>, size=N)}`` for the
            earlier tasks. The buffer of a task is filled once (at the start
            of the first stage that replays it) by streaming its training
            set through a class-balanced reservoir, then travels in the
            checkpoints (``replay_buffer``) to resumed runs and later stages.
        per_batch: replayed samples of each task added to every batch; they
            go through their own training pipeline (augmentation included)
            and count with their own task's losses.
    """

    priority = 'NORMAL'

    def __init__(self, tasks: Dict[str, dict], per_batch: int = 2,
                 seed: int = 0):
        self.tasks = tasks
        self.per_batch = per_batch
        self.seed = seed
        self.buffers: Dict[str, list] = {}
        self.pipelines = {}
        self.rng = random.Random(seed)

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        saved = checkpoint.get('replay_buffer', {})
        for task, items in saved.items():
            self.buffers[task] = items
        if 'replay_rng' in checkpoint:
            self.rng.setstate(checkpoint['replay_rng'])

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint['replay_buffer'] = self.buffers
        checkpoint['replay_rng'] = self.rng.getstate()

    def before_train(self, runner) -> None:
        for task, cfg in self.tasks.items():
            dataset = DATASETS.build(copy.deepcopy(cfg['dataset']))
            self.pipelines[task] = dataset.pipeline
            if task not in self.buffers:
                self.buffers[task] = self.fill(dataset, cfg.get('size', 48))
            counts = {}
            for info in self.buffers[task]:
                for c in set(sample_labels(info)):
                    counts[c] = counts.get(c, 0) + 1
            runner.logger.info(
                f'ReplayHook: {len(self.buffers[task])} {task} samples; '
                f'images per class {dict(sorted(counts.items()))}')

    def fill(self, dataset, size: int) -> list:
        order = list(range(len(dataset)))
        random.Random(self.seed).shuffle(order)
        reservoir = ClassBalancedReservoir(size, self.seed)
        for i in order:
            info = dataset.get_data_info(i)
            reservoir.add(info, sample_labels(info))
        return reservoir.items

    def draw(self, task: str, n: Optional[int] = None) -> list:
        """``n`` freshly transformed samples of ``task`` from the buffer."""
        items = self.buffers[task]
        n = self.per_batch if n is None else n
        picks = [items[self.rng.randrange(len(items))] for _ in range(n)]
        return [self.pipelines[task](copy.deepcopy(p)) for p in picks]

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch: dict = None) -> None:
        for task in self.tasks:
            for packed in self.draw(task):
                data_batch['inputs'].append(packed['inputs'])
                data_batch['data_samples'].append(packed['data_samples'])
