"""Learning without Forgetting (Li & Hoiem, TPAMI 2017)."""
from typing import Dict, Sequence

from mmengine.hooks import Hook

from onehead.registry import HOOKS
from onehead.utils import unwrap
from .teacher_distill_hook import distill_groups, frozen_copy


@HOOKS.register_module()
class LwFHook(Hook):
    """Distil earlier tasks' output channels from the previous-stage model.

    At the start of a stage the loaded model (the end of the previous stage)
    is frozen as the teacher. On every batch the teacher sees the same
    images as the student, and the student's channels of ``tasks`` are
    pulled towards the teacher's (``lwf.loss_<task>``). The teacher is saved
    in the checkpoints (``lwf_teacher``), so a resumed stage distils from
    the same teacher; a new stage loading the checkpoint makes a new one.

    Args:
        tasks: the earlier tasks whose channels are distilled.
        temperature: softening of the teacher's outputs.
        weights: per-task loss weights.
    """

    priority = 'NORMAL'
    #: nothing to do outside training (tools/test.py leaves it out)
    training_only = True

    def __init__(self, tasks: Sequence[str], temperature: float = 2.0,
                 weights: Dict[str, float] = None):
        self.tasks = tuple(tasks)
        self.temperature = temperature
        self.weights = dict(weights or {})
        self.teacher = None
        self._teacher_state = None

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        if getattr(runner, '_resume', False) and 'lwf_teacher' in checkpoint:
            self._teacher_state = checkpoint['lwf_teacher']

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        if self.teacher is not None:
            checkpoint['lwf_teacher'] = {
                k: v.cpu() for k, v in self.teacher.state_dict().items()}

    def before_train(self, runner) -> None:
        student = unwrap(runner.model)
        self.teacher = frozen_copy(
            runner.cfg.model, self._teacher_state or student.state_dict(),
            device=next(student.parameters()).device)
        student.add_loss_term('lwf', self.distill)
        runner.logger.info(f'LwFHook: distilling {self.tasks} at '
                           f'T={self.temperature}')

    def distill(self, model, groups) -> dict:
        return distill_groups(model, self.teacher, groups, self.tasks,
                              self.temperature, self.weights)

    def after_train(self, runner) -> None:
        unwrap(runner.model).remove_loss_term('lwf')
