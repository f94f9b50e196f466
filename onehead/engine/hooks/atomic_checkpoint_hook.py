"""A CheckpointHook whose work dir always holds a loadable last checkpoint."""
import os
import os.path as osp

from mmengine.dist import is_main_process
from mmengine.hooks import CheckpointHook

from onehead.registry import HOOKS


def _write_atomically(path: str, text: str) -> None:
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    os.replace(tmp, path)


@HOOKS.register_module()
class AtomicCheckpointHook(CheckpointHook):
    """mmengine's CheckpointHook, reordered so that a kill at any moment
    leaves the last complete checkpoint in place.

    mmengine removes the oldest kept checkpoint *before* writing the new
    one, straight under its final name; a process killed while writing
    (``max_keep_ckpts=1``) leaves no checkpoint and a ``last_checkpoint``
    naming a deleted file. Here the new file is written under a temporary
    name and renamed into place (atomic on one file system), then
    ``last_checkpoint`` is updated the same way, and only then are the
    outdated checkpoints removed. Local work dirs only.
    """

    def _save_checkpoint_with_step(self, runner, step, meta):
        name = self.filename_tmpl.format(step)
        final = osp.join(self.out_dir, name)
        self.last_ckpt = final
        outdated = []
        if self.max_keep_ckpts > 0 and not (
                self.keep_ckpt_ids and self.keep_ckpt_ids[-1] == step):
            if len(self.keep_ckpt_ids) == self.max_keep_ckpts:
                outdated.append(self.keep_ckpt_ids.popleft())
            self.keep_ckpt_ids.append(step)
            runner.message_hub.update_info('keep_ckpt_ids',
                                           list(self.keep_ckpt_ids))
        runner.message_hub.update_info('last_ckpt', final)
        runner.save_checkpoint(
            self.out_dir, name + '.tmp', self.file_client_args,
            save_optimizer=self.save_optimizer,
            save_param_scheduler=self.save_param_scheduler, meta=meta,
            by_epoch=self.by_epoch, backend_args=self.backend_args,
            **self.args)
        if not is_main_process():
            return
        os.replace(final + '.tmp', final)
        _write_atomically(osp.join(runner.work_dir, 'last_checkpoint'),
                          final)
        for old in outdated:
            path = osp.join(self.out_dir, self.filename_tmpl.format(old))
            if osp.isfile(path):
                os.remove(path)
