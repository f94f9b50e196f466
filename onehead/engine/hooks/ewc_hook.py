"""Elastic weight consolidation (Kirkpatrick et al., PNAS 2017)."""
from typing import Dict

import torch
from mmengine.dataset import pseudo_collate
from mmengine.hooks import Hook

from onehead.registry import HOOKS
from onehead.utils import unwrap
from .task_data import new_tasks


def diagonal_fisher(model, dataset, num_samples: int = 32,
                    batch_size: int = 1) -> Dict[str, torch.Tensor]:
    """Empirical diagonal Fisher: mean squared gradient of the task's loss,
    per parameter, over ``num_samples`` samples (BatchNorm in eval mode, so
    the statistics of the finished task are not touched)."""
    params = {n: p for n, p in model.named_parameters() if p.requires_grad}
    fisher = {n: torch.zeros_like(p) for n, p in params.items()}
    was_training = model.training
    model.eval()
    n = min(num_samples, len(dataset))
    done = 0
    for start in range(0, n, batch_size):
        items = [dataset[i] for i in range(start, min(start + batch_size, n))]
        data = model.data_preprocessor(pseudo_collate(items), True)
        model.zero_grad()
        losses = model(**data, mode='loss')
        sum(v for k, v in losses.items() if 'loss' in k).backward()
        for name, p in params.items():
            if p.grad is not None:
                fisher[name] += p.grad.detach() ** 2 * len(items)
        done += len(items)
    model.zero_grad()
    model.train(was_training)
    return {k: v / max(done, 1) for k, v in fisher.items()}


@HOOKS.register_module()
class EWCHook(Hook):
    """Quadratic penalty that keeps weights important to earlier tasks.

    For each earlier task, the diagonal Fisher ``F`` and the weights
    ``theta*`` at the end of its stage are kept; later stages add
    ``lambda / 2 * sum F * (theta - theta*)**2`` to the loss (``ewc.loss``).

    Args:
        tasks: ``{task: dict(dataset=<cfg>, num_samples=N)}``. A task whose
            Fisher is not in the loaded checkpoint gets it computed at the
            start of training from the loaded weights, which are the end of
            that task's stage. Fisher and anchors then travel in the
            checkpoints (``ewc``).
        lambda_: penalty strength.
        normalize: divide each task's Fisher by its mean, so ``lambda_``
            does not depend on the loss scale.
    """

    priority = 'NORMAL'
    #: nothing to do outside training (tools/test.py leaves it out)
    training_only = True

    def __init__(self, tasks: Dict[str, dict], lambda_: float = 1000.0,
                 normalize: bool = True):
        self.tasks = tasks
        self.lambda_ = lambda_
        self.normalize = normalize
        self.state: Dict[str, dict] = {}  # task -> {fisher, anchor}

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        self.state.update(checkpoint.get('ewc', {}))

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint['ewc'] = self.state

    def before_train(self, runner) -> None:
        model = unwrap(runner.model)
        for task, cfg, dataset in new_tasks(self.tasks, self.state):
            fisher = diagonal_fisher(model, dataset,
                                     cfg.get('num_samples', 32),
                                     cfg.get('batch_size', 1))
            if self.normalize:
                mean = torch.cat([f.flatten() for f in fisher.values()]).mean()
                fisher = {k: v / mean.clamp(min=1e-20)
                          for k, v in fisher.items()}
            anchor = {n: p.detach().clone()
                      for n, p in model.named_parameters() if n in fisher}
            self.state[task] = dict(fisher=fisher, anchor=anchor)
            runner.logger.info(f'EWCHook: Fisher of {task} over '
                               f'{cfg.get("num_samples", 32)} samples')
        model.add_loss_term('ewc', self.penalty)

    def penalty(self, model, groups=None) -> dict:
        total = 0.0
        params = dict(model.named_parameters())
        for st in self.state.values():
            for name, f in st['fisher'].items():
                p = params.get(name)
                if p is None or not p.requires_grad:
                    continue
                d = p - st['anchor'][name].to(p.device)
                total = total + (f.to(p.device) * d * d).sum()
        return dict(loss=0.5 * self.lambda_ * total)

    def after_train(self, runner) -> None:
        unwrap(runner.model).remove_loss_term('ewc')
