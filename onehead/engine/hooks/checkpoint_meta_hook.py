"""Checkpoints that know what they were trained on."""
from mmengine.hooks import Hook

from onehead.registry import HOOKS


@HOOKS.register_module()
class CheckpointMetaHook(Hook):
    """Write ``meta['tasks']`` into every checkpoint: for each task trained
    so far (the stage's val set holds every task seen), its dataset type,
    class names in label order, and the input size its val pipeline
    resizes to.

    The tools read it back: class names in predictions, only trained tasks
    drawn, and an error when a checkpoint is evaluated on data of other
    classes. (mmengine's own ``meta['dataset_meta']`` describes the
    current stage's train set only.)
    """

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        loop = runner.val_loop
        if loop is None or not hasattr(loop, 'dataloader'):
            return
        ds = loop.dataloader.dataset
        parts = getattr(ds, 'datasets', [ds])
        checkpoint.setdefault('meta', {})['tasks'] = {
            d.TASK: dict(dataset=type(d).__name__,
                         classes=[str(c) for c in d.metainfo['classes']],
                         input_size=_input_size(d))
            for d in parts if hasattr(d, 'TASK')}


def _input_size(dataset):
    """The (w, h) scale the val pipeline resizes to (mmcv's order), or
    None."""
    for t in getattr(dataset.pipeline, 'transforms', []):
        if type(t).__name__ == 'Resize' and getattr(t, 'scale', None):
            return [int(v) for v in t.scale]
    return None
