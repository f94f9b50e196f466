"""Distillation from frozen teacher models given by checkpoint path."""
import copy
from typing import Dict, List

import torch
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.runner import load_checkpoint

from onehead.models.losses.distill_loss import unified_distill_loss
from onehead.registry import HOOKS, MODELS
from onehead.utils import resolve_checkpoint, unwrap


def frozen_copy(model_cfg, state_dict=None, checkpoint=None, device='cpu'):
    """A model built from ``model_cfg`` with the given weights, in eval mode
    and without gradients."""
    cfg = copy.deepcopy(model_cfg)
    cfg.backbone.init_cfg = None  # the weights come from the state
    model = MODELS.build(cfg)
    if checkpoint is not None:
        load_checkpoint(model, resolve_checkpoint(checkpoint),
                        map_location='cpu', strict=True, logger='silent')
    elif state_dict is not None:
        model.load_state_dict(state_dict)
    model.to(device).eval()
    for p in model.parameters():
        p.requires_grad = False
    return model


def distill_groups(student, teacher, groups, tasks, temperature,
                   weights=None) -> Dict[str, torch.Tensor]:
    """Mean distillation loss of ``tasks`` over the batch's groups."""
    total = {}
    for _, x, out, _ in groups:
        with torch.no_grad():
            t_out = teacher(x, mode='tensor')
        for k, v in unified_distill_loss(student.head, out, t_out, tasks,
                                         temperature, weights).items():
            total[k] = total.get(k, 0.0) + v / len(groups)
    return total


@HOOKS.register_module()
class TeacherDistillHook(Hook):
    """Distil the outputs of one or more frozen teachers (for instance the
    single-task reference models) into the model being trained.

    Args:
        teachers: list of ``dict(checkpoint=PATH or work dir, tasks=[...],
            temperature=2.0, weight=1.0, config=None)``; ``config`` is the
            teacher's config file when its architecture differs from the
            student's. Losses are logged as ``distill<i>.loss_<task>``.
    """

    priority = 'NORMAL'
    #: nothing to do outside training (tools/test.py leaves it out)
    training_only = True

    def __init__(self, teachers: List[dict]):
        if not teachers:
            raise ValueError('TeacherDistillHook needs at least one teacher')
        self.teachers_cfg = [dict(t) for t in teachers]
        self.teachers = []

    def before_train(self, runner) -> None:
        student = unwrap(runner.model)
        device = next(student.parameters()).device
        self.teachers = []
        for i, t in enumerate(self.teachers_cfg):
            model_cfg = (Config.fromfile(t['config']).model
                         if t.get('config') else runner.cfg.model)
            teacher = frozen_copy(model_cfg, checkpoint=t['checkpoint'],
                                  device=device)
            self.teachers.append(teacher)
            student.add_loss_term(f'distill{i}', self._term(teacher, t))
            runner.logger.info(f'TeacherDistillHook: {t["checkpoint"]} -> '
                               f'{t["tasks"]}')

    @staticmethod
    def _term(teacher, t):
        weights = {task: t.get('weight', 1.0) for task in t['tasks']}

        def term(model, groups):
            return distill_groups(model, teacher, groups, t['tasks'],
                                  t.get('temperature', 2.0), weights)
        return term

    def after_train(self, runner) -> None:
        student = unwrap(runner.model)
        for i in range(len(self.teachers)):
            student.remove_loss_term(f'distill{i}')
