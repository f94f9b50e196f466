"""Imported by a training subprocess of the kill tests: pauses it at a
chosen moment (``ONEHEAD_TEST_PAUSE``) and says so by creating
``ONEHEAD_TEST_PAUSE_MARKER``, so the test can ``kill -9`` it there.

``iter:N`` pauses after training iteration N; ``save:N`` pauses in the
middle of writing the N-th checkpoint file of this process (half of its
bytes written).
"""
import os
import time

from mmengine.fileio.backends import LocalBackend
from mmengine.hooks import Hook

from onehead.registry import HOOKS

WHERE = os.environ.get('ONEHEAD_TEST_PAUSE', '')
MARKER = os.environ.get('ONEHEAD_TEST_PAUSE_MARKER', '')


def pause():
    open(MARKER, 'w').close()
    time.sleep(600)


if WHERE.startswith('save:'):
    _put, _saves = LocalBackend.put, []

    def put(self, obj, filepath):
        if str(filepath).endswith(('.pth', '.pth.tmp')):
            _saves.append(filepath)
            if len(_saves) == int(WHERE.split(':')[1]):
                with open(filepath, 'wb') as f:
                    f.write(obj[:len(obj) // 2])
                pause()
        return _put(self, obj, filepath)

    LocalBackend.put = put


@HOOKS.register_module(force=True)
class PauseHook(Hook):

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        if WHERE == f'iter:{runner.iter + 1}':
            pause()
