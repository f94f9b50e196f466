"""The main job on the embedded sample data (no download needed).

Generates the synthetic sample datasets under ``data/sample`` (once),
loads all three through the shipped sample configs and saves a picture of
one transformed training sample per task under ``work_dirs/demo``.
"""
import argparse
import os
import os.path as osp

import cv2
from mmengine.config import Config
from mmengine.registry import init_default_scope

from onehead.datasets.sample_data import generate_sample_data
from onehead.registry import DATASETS
from onehead.utils import register_all_modules
from onehead.structures import TASKS
from onehead.visualization import render_packed

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


def load_datasets(sample_root: str):
    os.environ.update(ONEHEAD_SAMPLE_DATA=sample_root,
                      ONEHEAD_DATASETS='sample_data')
    cfg = Config.fromfile(osp.join(ROOT, 'configs', '_base_', 'datasets',
                                   'course_layout.py'))
    return {task: (DATASETS.build(cfg[f'{task}_train']),
                   DATASETS.build(cfg[f'{task}_val']))
            for task in TASKS}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--data', default='data/sample')
    p.add_argument('--work-dir', default='work_dirs/demo')
    args = p.parse_args()
    register_all_modules()
    init_default_scope('onehead')
    paths = generate_sample_data(args.data)
    print('sample data:', ', '.join(f'{t}={p}' for t, p in paths.items()))
    os.makedirs(args.work_dir, exist_ok=True)
    for task, (train, val) in load_datasets(osp.abspath(args.data)).items():
        path = osp.join(args.work_dir, f'sample_{task}.png')
        img = render_packed(train[0], {task: train.metainfo['classes']})
        cv2.imwrite(path, cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
        print(f'{task}: {len(train)} train / {len(val)} val images, '
              f'classes {list(train.metainfo["classes"])} -> {path}')


if __name__ == '__main__':
    main()
