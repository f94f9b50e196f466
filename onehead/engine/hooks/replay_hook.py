"""Replay: earlier tasks' samples mixed into every batch of a later task."""
import copy
import random
from typing import Dict, Optional, Sequence, Union

import numpy as np
import torch
from mmengine.dataset import Compose, pseudo_collate
from mmengine.hooks import Hook
from PIL import Image

from onehead.models.data_preprocessor import group_by_shape, split_by_task
from onehead.models.losses.distill_loss import unified_distill_loss
from onehead.registry import DATASETS, HOOKS
from onehead.utils import unwrap
from .replay_buffer import ClassBalancedReservoir
from .rows_refit import RowsLeastSquares


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
        outputs: ``dict(weight=0.5, per_batch=2, temperature=2.0)`` keeps
            with each buffered sample the model's output channels of its
            task for the sample's plain view (the task's ``output_pipeline``
            in ``tasks``, e.g. the test pipeline), computed once when the
            buffer is filled, at the end of that task's stage. Each batch
            then also gets ``per_batch`` plain views, trained on their
            labels and on matching their stored outputs (``der.loss_<task>``,
            the distillation loss of LwF: DER++, Buzzega et al., NeurIPS
            2020, with a stored view instead of a stored augmentation).
        train_shared: ``False`` (or the tasks for which it is ``True``, a
            list) gives the replayed samples' losses to their tasks' output
            rows only: the shared layers' map for them is
            computed without gradient (``model.hidden``), so the shared
            layers follow the new task alone (under a projection, in the
            directions the earlier tasks leave free) while the earlier
            tasks' rows refit to the map those layers give now. The
            samples are then not added to the batch but scored in a loss
            term of their own (``replay.<task>.loss_*``). Default: they
            join the batch and train everything their losses reach.
        refit_rows: tasks (among those with stored outputs) whose output
            rows are refit at the end of the stage's last epoch, before
            its checkpoint and validation: the rows that best give back the
            stored outputs from the map the shared layers give now on the
            buffered samples' plain views (least squares over their cells,
            pulled towards the current rows by ``refit_ridge``; see
            :class:`RowsLeastSquares`). Their task's outputs then follow
            the shared layers' drift wherever a linear readout can.
    """

    priority = 'NORMAL'
    #: nothing to do outside training (tools/test.py leaves it out)
    training_only = True

    def __init__(self, tasks: Dict[str, dict], per_batch: int = 2,
                 seed: int = 0, outputs: Optional[dict] = None,
                 train_shared: Union[bool, Sequence[str]] = True,
                 refit_rows: Sequence[str] = (), refit_ridge: float = 1e-3):
        self.tasks = tasks
        if isinstance(train_shared, bool):
            train_shared = tuple(tasks) if train_shared else ()
        unknown = set(train_shared) - set(tasks)
        if unknown:
            raise ValueError(f'ReplayHook: train_shared {sorted(unknown)} '
                             f'not among the tasks {sorted(tasks)}')
        #: the tasks whose replayed samples join the batch
        self.train_shared = tuple(train_shared)
        if outputs is not None and set(tasks) - set(self.train_shared):
            raise ValueError('ReplayHook: stored outputs (outputs=...) are '
                             'matched in the batch; train_shared=False '
                             'replays labels only')
        self._pending = []
        self.per_batch = per_batch
        self.seed = seed
        self.outputs_cfg = dict(weight=0.5, per_batch=2, temperature=2.0)
        self.outputs_cfg.update(outputs or {})
        self.keep_outputs = outputs is not None
        if self.keep_outputs:
            missing = [t for t, c in tasks.items()
                       if 'output_pipeline' not in c]
            if missing:
                raise ValueError('ReplayHook outputs: tasks '
                                 f'{missing} need an output_pipeline (the '
                                 'view whose outputs are stored)')
        unknown = set(refit_rows) - set(tasks)
        if unknown or (refit_rows and outputs is None):
            raise ValueError(f'ReplayHook: refit_rows {list(refit_rows)} '
                             'need stored outputs (outputs=...) of tasks '
                             f'among {sorted(tasks)}')
        self.refit_rows = tuple(refit_rows)
        self.refit_ridge = refit_ridge
        self.buffers: Dict[str, list] = {}
        #: task -> [N, C_task, h, w] fp16 outputs of the buffered samples
        self.stored: Dict[str, torch.Tensor] = {}
        self.pipelines = {}
        self.plain_pipelines = {}
        self.rng = random.Random(seed)

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        saved = checkpoint.get('replay_buffer', {})
        for task, items in saved.items():
            self.buffers[task] = items
        self.stored.update(checkpoint.get('replay_outputs', {}))
        if 'replay_rng' in checkpoint:
            self.rng.setstate(checkpoint['replay_rng'])

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint['replay_buffer'] = self.buffers
        if self.stored:
            checkpoint['replay_outputs'] = self.stored
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
            if self.keep_outputs:
                self.plain_pipelines[task] = Compose(
                    copy.deepcopy(cfg['output_pipeline']))
                if task not in self.stored:
                    self.stored[task] = self.store_outputs(
                        unwrap(runner.model), task)
                    runner.logger.info(
                        f'ReplayHook: stored the outputs of the {task} '
                        f'buffer, {tuple(self.stored[task].shape)}')
        if self.keep_outputs:
            unwrap(runner.model).add_loss_term('der', self.match_outputs)
        if set(self.tasks) - set(self.train_shared):
            unwrap(runner.model).add_loss_term('replay', self.rows_loss)

    def plain_batches(self, model, task: str, batch_size: int = 4):
        """``(start, inputs)`` of the buffered samples' plain views in
        order, the model in eval mode meanwhile."""
        was_training = model.training
        model.eval()
        try:
            items = self.buffers[task]
            for start in range(0, len(items), batch_size):
                packed = [self.plain_pipelines[task](copy.deepcopy(p))
                          for p in items[start:start + batch_size]]
                data = model.data_preprocessor(pseudo_collate(packed), False)
                yield start, data['inputs']
        finally:
            model.train(was_training)

    @torch.no_grad()
    def store_outputs(self, model, task: str, batch_size: int = 4):
        """The model's ``task`` channels for every buffered sample's plain
        view (eval mode: the model as its stage left it)."""
        rows = model.head.task_slices()[task]
        outs = [model(x, mode='tensor')[:, rows].half().cpu()
                for _, x in self.plain_batches(model, task, batch_size)]
        return torch.cat(outs)

    def match_outputs(self, model, groups) -> dict:
        """Distillation of each plain view's task channels towards its
        stored outputs."""
        cfg, total, count = self.outputs_cfg, {}, 0
        for _, _, out, samples in groups:
            for i, s in enumerate(samples):
                if 'stored_output' not in s:
                    continue
                task = s.task
                rows = model.head.task_slices()[task]
                teacher = torch.zeros_like(out[i:i + 1])
                teacher[:, rows] = s.stored_output.to(out.device,
                                                      out.dtype)[None]
                for k, v in unified_distill_loss(
                        model.head, out[i:i + 1], teacher, (task, ),
                        cfg['temperature']).items():
                    total[k] = total.get(k, 0.0) + v
                count += 1
        return {k: v * cfg['weight'] / max(count, 1)
                for k, v in total.items()}

    def rows_loss(self, model, groups) -> dict:
        """The drawn samples' task losses on the output rows alone: the
        shared map under them is computed without gradient."""
        losses = {}
        if not self._pending:
            return losses
        data = model.data_preprocessor(pseudo_collate(self._pending), True)
        out_conv = model.head.out_conv
        for x, samples in group_by_shape(data['inputs'],
                                         data['data_samples']):
            with torch.no_grad():
                hidden = model.hidden(x)
            out = out_conv(hidden.to(out_conv.weight.dtype)).float()
            for task, idx in split_by_task(samples).items():
                for k, v in model.head.loss(
                        out[idx], [samples[i] for i in idx], task,
                        x.shape[-2:]).items():
                    key = f'{task}.{k}'
                    losses[key] = losses.get(key, 0.0) + v
        return losses

    def after_train_epoch(self, runner) -> None:
        if self.refit_rows and self.is_last_train_epoch(runner):
            for task in self.refit_rows:
                before, after = self.refit(unwrap(runner.model), task)
                runner.logger.info(
                    f'ReplayHook: refit the {task} output rows on '
                    f'{len(self.buffers[task])} buffered samples; mean '
                    f'squared error to their stored outputs {before:.4f} '
                    f'-> {after:.4f}')

    @torch.no_grad()
    def refit(self, model, task: str, batch_size: int = 4):
        """Refit ``task``'s output rows to its stored outputs (eval mode);
        returns the mean squared error before and after."""
        rows = model.head.task_slices()[task]
        conv = model.head.out_conv
        fit = RowsLeastSquares()
        for start, x in self.plain_batches(model, task, batch_size):
            fit.add(model.hidden(x),
                    self.stored[task][start:start + batch_size])
        before = fit.mse(conv.weight[rows], conv.bias[rows])
        weight, bias = fit.solve(conv.weight[rows], conv.bias[rows],
                                 self.refit_ridge)
        conv.weight[rows] = weight
        conv.bias[rows] = bias
        return before, fit.mse(weight, bias)

    def after_train(self, runner) -> None:
        unwrap(runner.model).remove_loss_term('der')
        unwrap(runner.model).remove_loss_term('replay')

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

    def draw_stored(self, task: str) -> list:
        """Plain views of buffered samples, each carrying its stored
        output (``stored_output``)."""
        n = self.outputs_cfg['per_batch']
        picks = [self.rng.randrange(len(self.buffers[task]))
                 for _ in range(n)]
        packed = []
        for i in picks:
            p = self.plain_pipelines[task](copy.deepcopy(
                self.buffers[task][i]))
            p['data_samples'].stored_output = self.stored[task][i]
            packed.append(p)
        return packed

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch: dict = None) -> None:
        self._pending = []
        for task in self.tasks:
            draws = self.draw(task)
            if self.keep_outputs:
                draws += self.draw_stored(task)
            if task not in self.train_shared:
                self._pending += draws
                continue
            for packed in draws:
                data_batch['inputs'].append(packed['inputs'])
                data_batch['data_samples'].append(packed['data_samples'])
