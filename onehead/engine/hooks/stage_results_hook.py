"""After each stage, record every seen task's metric: the forgetting table."""
import json
import os
import os.path as osp

from mmengine.dist import master_only
from mmengine.hooks import Hook

from onehead.evaluation.forgetting import (DROP_LIMIT_PCT, MAIN_METRICS,
                                           format_table, summarize)
from onehead.registry import HOOKS
from onehead.utils import resolve_checkpoint

RESULTS_FILE = 'stage_results.json'


@HOOKS.register_module()
class StageResultsHook(Hook):
    """Extend the task x stage table with this stage's final validation.

    The stage's val set holds every task seen so far, so the final
    validation measures all of them. The table continues the one in the
    work dir of the checkpoint this stage was loaded from
    (``<that dir>/stage_results.json``) and is written to this stage's work
    dir, with baselines, drops in % and backward transfer; a drop of 5% or
    more is flagged.

    Args:
        task: the task trained in this stage.
        stage: the stage's name in the table (default: the work dir name).
        strategy: recorded as is (default: ``cfg.strategy`` or 'none').
    """

    priority = 'LOW'

    def __init__(self, task: str, stage: str = None, strategy: str = None,
                 drop_limit: float = DROP_LIMIT_PCT):
        self.task = task
        self.stage = stage
        self.strategy = strategy
        self.drop_limit = drop_limit
        self.last_val = None

    def _path(self, runner):
        return osp.join(runner.work_dir, RESULTS_FILE)

    def _previous(self, runner) -> list:
        """Rows of the earlier stages: from the loaded checkpoint's work dir
        for a new stage, from this work dir for a resumed one."""
        sources = [self._path(runner)]
        src = resolve_checkpoint(runner.cfg.get('load_from'))
        if src and not getattr(runner, '_resume', False):
            sources.insert(0, osp.join(osp.dirname(src), RESULTS_FILE))
        for path in sources:
            if osp.isfile(path):
                with open(path) as f:
                    return json.load(f).get('stages', [])
        return []

    def before_train(self, runner) -> None:
        self.stages = self._previous(runner)
        self.stage = self.stage or osp.basename(osp.normpath(
            runner.work_dir))
        self.stages = [s for s in self.stages if s['stage'] != self.stage]
        # written now (without ``final``: the stage is not finished), so a
        # resumed stage still knows the earlier stages
        self._write(runner, dict(stages=self.stages))

    def after_val_epoch(self, runner, metrics=None) -> None:
        self.last_val = (runner.epoch, dict(metrics or {}))

    def after_train(self, runner) -> None:
        if self.last_val is None or self.last_val[0] != runner.epoch:
            runner.val_loop.run()  # the stage ends with a validation
        metrics = self.last_val[1]
        main = {t: float(metrics[k]) for t, k in MAIN_METRICS.items()
                if k in metrics}
        self.stages.append(dict(stage=self.stage, task=self.task,
                                metrics=main,
                                details={k: float(v) for k, v in
                                         metrics.items()
                                         if isinstance(v, (int, float))}))
        results = dict(strategy=self.strategy or runner.cfg.get(
            'strategy', 'none'), stages=self.stages)
        results.update(summarize(self.stages, self.drop_limit))
        self._write(runner, results)
        runner.logger.info('forgetting table\n' + format_table(results))

    @master_only
    def _write(self, runner, results) -> None:
        # renamed into place: a reader never sees half a file
        tmp = self._path(runner) + '.tmp'
        with open(tmp, 'w') as f:
            json.dump(results, f, indent=2)
        os.replace(tmp, self._path(runner))
