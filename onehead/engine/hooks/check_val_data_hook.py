"""Read every val sample before a stage trains, not after."""
from mmengine.hooks import Hook
from mmengine.logging import print_log

from onehead.registry import HOOKS


@HOOKS.register_module()
class CheckValDataHook(Hook):
    """Run each val sample through its pipeline before training starts.

    Datasets check their annotation files when they are built, but an
    image or mask is read only when it is used: a broken val mask would
    otherwise stop the run at the first validation, after the whole stage
    has trained. Here it stops it before the first iteration, with the
    loader's error naming the file.
    """

    priority = 'VERY_LOW'

    def before_train(self, runner) -> None:
        loop = runner.val_loop
        if loop is None or not hasattr(loop, 'dataloader'):
            return
        dataset = loop.dataloader.dataset
        for i in range(len(dataset)):
            dataset[i]
        print_log(f'val data checked: {len(dataset)} samples read',
                  logger='current')
