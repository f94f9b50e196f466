"""Each val box of one detection class, as one or more models rank it.

``python tools/det_class_boxes.py CONFIG CKPT [CKPT ...] --class airplane``

For each model (a checkpoint file or work dir, built from the config saved
in it when there is one), runs the config's detection val set (``det_val``)
and prints the class's AP50 and, for each of its ground-truth boxes, the
image, the best overlap of any detection of the class, and the matched
detection's score, rank over the set and the false positives ranked above
it (``onehead.evaluation.box_ranks``). Where a class has one or two val
boxes, it tells a box no longer found from a score that slipped below a
false positive's.
"""
import argparse
import json
import os
import os.path as osp

from mmengine.config import DictAction
from mmengine.dataset import pseudo_collate
from mmengine.runner import load_checkpoint
from torch.utils.data import DataLoader

from onehead.evaluation.box_ranks import class_box_ranks
from onehead.evaluation.metrics import CocoDetMetric
from onehead.registry import DATASETS, MODELS
from onehead.utils import resolve_checkpoint, saved_model_config
from onehead.utils.cli import load_tool_config


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config', help='gives det_val and the model')
    p.add_argument('models', nargs='+', help='checkpoint files / work dirs')
    p.add_argument('--class', dest='name', required=True,
                   help='the detection class, by name')
    p.add_argument('--batch-size', type=int, default=4)
    p.add_argument('--out', help='write {model: records} here')
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    return p.parse_args(argv)


def predictions(model, dataset, batch_size: int) -> list:
    """The detection metric's per-image records of ``model`` on
    ``dataset``."""
    metric = CocoDetMetric()
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=False,
                        collate_fn=pseudo_collate)
    model.eval()
    for batch in loader:
        metric.process(batch, model.test_step(batch))
    return metric.results


def main(argv=None):
    args = parse_args(argv)
    cfg = load_tool_config(args.config, args.cfg_options)
    if 'det_val' not in cfg:
        raise SystemExit(f'{args.config}: no det_val (the detection val '
                         'set)')
    dataset = DATASETS.build(cfg.det_val)
    classes = list(dataset.metainfo['classes'])
    if args.name not in classes:
        raise SystemExit(f'{args.config}: no detection class '
                         f'{args.name!r}; its classes: {classes}')
    label = classes.index(args.name)
    out = {}
    for name in args.models:
        path = resolve_checkpoint(name)
        model = MODELS.build(saved_model_config(path) or cfg.model)
        load_checkpoint(model, path, map_location='cpu', logger='silent')
        results = predictions(model, dataset, args.batch_size)
        ranks = class_box_ranks(results, label)
        for b in ranks['boxes']:
            b['image'] = osp.basename(
                dataset.get_data_info(b['image'])['img_path'])
        out[name] = ranks
        print(f'{name}: {args.name} AP50 {ranks["ap50"]:.4f}, '
              f'{ranks["detections"]} detections')
        for b in ranks['boxes']:
            found = ('not matched' if b['score'] is None else
                     f'score {b["score"]:.4f} rank {b["rank"]} '
                     f'false positives above {b["fp_above"]}')
            print(f'  {b["image"]} box {[round(x) for x in b["box"]]} '
                  f'best IoU {b["iou"]:.2f} {found}', flush=True)
    if args.out:
        os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as f:
            json.dump(dict(config=args.config, cls=args.name, models=out),
                      f, indent=1)
    return out


if __name__ == '__main__':
    main()
