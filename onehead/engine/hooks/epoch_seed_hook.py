"""Random streams that depend on the epoch only, so resume is exact."""
import random

import numpy as np
import torch
from mmengine.hooks import Hook

from onehead.registry import FUNCTIONS, HOOKS


def epoch_seed(seed: int, epoch: int) -> int:
    return (int(seed) * 100003 + int(epoch)) % (2**32)


@HOOKS.register_module()
class EpochSeedHook(Hook):
    """Reseed Python's, numpy's and torch's global generators at the start
    of every training epoch from (run seed, epoch).

    Flips, crops, replay draws and dataloader worker seeds then depend on
    the epoch alone, not on how the process got there: a run resumed from
    the checkpoint of epoch ``e`` draws exactly what an uninterrupted run
    draws in epoch ``e + 1``, whatever validation or hook set-up consumed
    before. (Restoring the generators' states from the checkpoint would
    miss what runs between the save and the next epoch, e.g. validation.)
    Dataloader workers are seeded from torch's generator by
    :func:`seed_worker`, so they follow too when they are not persistent.
    """

    priority = 'VERY_HIGH'

    def before_train_epoch(self, runner) -> None:
        seed = epoch_seed(runner.seed if runner.seed is not None else 0,
                          runner.epoch)
        random.seed(seed)
        np.random.seed(seed)
        torch.manual_seed(seed)


@FUNCTIONS.register_module()
def seed_worker(worker_id: int) -> None:
    """Dataloader ``worker_init_fn``: seed numpy and ``random`` in a worker
    from the seed torch gave it (drawn from the main process's generator
    when the loader starts, plus the worker id). mmengine's default seeds
    every worker from the run seed alone, the same in every epoch."""
    seed = torch.initial_seed() % (2**32)
    np.random.seed(seed)
    random.seed(seed)
