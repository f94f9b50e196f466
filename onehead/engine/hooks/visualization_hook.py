"""Save pictures of test predictions (``tools/test.py --show-dir``)."""
import os
import os.path as osp

import cv2
from mmengine.hooks import Hook

from onehead.datasets.transforms import read_rgb
from onehead.registry import HOOKS
from onehead.visualization import draw_sample


@HOOKS.register_module()
class PredictionVisualizationHook(Hook):
    """Draw each test sample's prediction on its image and save it as
    ``<out_dir>/<task>_<image name>.png``.

    Args:
        out_dir: folder for the pictures.
        max_images: per task; 0 = all.
        score_thr: boxes below this score are not drawn.
    """

    priority = 'LOW'

    def __init__(self, out_dir: str, max_images: int = 20,
                 score_thr: float = 0.3):
        self.out_dir = out_dir
        self.max_images = max_images
        self.score_thr = score_thr
        self.count = {}

    def after_test_iter(self, runner, batch_idx, data_batch=None,
                        outputs=None) -> None:
        os.makedirs(self.out_dir, exist_ok=True)
        meta = runner.test_dataloader.dataset.metainfo
        for s in outputs or []:
            task = s.metainfo.get('task')
            n = self.count.get(task, 0)
            if self.max_images and n >= self.max_images:
                continue
            self.count[task] = n + 1
            if 'pred_instances' in s:
                s.pred_instances = s.pred_instances[
                    s.pred_instances.scores >= self.score_thr]
            names = {task: meta.get(task, meta).get('classes')}
            img = draw_sample(read_rgb(s.img_path), s, names, pred=True)
            name = osp.splitext(osp.basename(s.img_path))[0]
            cv2.imwrite(osp.join(self.out_dir, f'{task}_{name}.png'),
                        cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
