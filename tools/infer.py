"""Run the model on one image and draw what it sees.

``python tools/infer.py IMAGE [CONFIG] CHECKPOINT --out vis.png`` draws
the detected boxes with class names, the segmentation overlay and the
top-3 classes, for the tasks the checkpoint was trained on (the config
defaults to the one saved in the checkpoint).
"""
import argparse

import cv2
import torch

from onehead.apis import enable_fast_path, inference_model, init_model
from onehead.datasets import read_rgb
from onehead.structures import TASKS
from onehead.utils import trust_checkpoints
from onehead.utils.cli import add_checkpoint_options
from onehead.visualization import draw_sample


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('image')
    p.add_argument('paths', nargs='+', metavar='[CONFIG] CHECKPOINT',
                   help='the checkpoint, after the config it was trained '
                   'with (default: the config saved in the checkpoint)')
    p.add_argument('--out', default='vis.png')
    p.add_argument('--score-thr', type=float, default=0.3,
                   help='draw boxes scoring at least this')
    p.add_argument('--device', default='cpu')
    add_checkpoint_options(p)
    args = p.parse_args()
    if len(args.paths) > 2:
        p.error('give at most a config and a checkpoint')
    config, checkpoint = ([None] + args.paths)[-2:]
    trust_checkpoints(args.trust_checkpoint)
    model = enable_fast_path(init_model(config, checkpoint, args.device),
                             args.amp, args.fuse_conv_bn)
    tasks = model.trained_tasks or TASKS
    sample = inference_model(model, args.image)
    keep = sample.pred_instances.scores >= args.score_thr
    sample.pred_instances = sample.pred_instances[keep]
    img = draw_sample(read_rgb(args.image), sample, model.class_names,
                      pred=True, tasks=tasks)
    cv2.imwrite(args.out, cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    names = model.class_names
    if 'det' in tasks:
        det = sample.pred_instances
        print(f'{len(det)} boxes >= {args.score_thr}:',
              ', '.join(f'{names["det"][int(lbl)]} {float(s):.2f}'
                        for lbl, s in zip(det.labels, det.scores)))
    if 'seg' in tasks:
        seg = torch.bincount(sample.pred_sem_seg.data.flatten(),
                             minlength=len(names['seg']))
        print('segmentation classes:', ', '.join(
            f'{names["seg"][i]} {float(c) / seg.sum():.1%}'
            for i, c in enumerate(seg.tolist()) if c))
    if 'cls' in tasks:
        top = sample.pred_score.topk(3)
        print('top-3:', ', '.join(f'{names["cls"][int(i)]} {float(v):.2f}'
                                  for v, i in zip(top.values, top.indices)))
    untrained = [t for t in TASKS if t not in tasks]
    if untrained:
        print(f'not trained in this checkpoint, not drawn: '
              f'{", ".join(untrained)}')
    print(f'picture written to {args.out}')


if __name__ == '__main__':
    main()
