"""The course's evaluation command.

    python eval.py --weights yourmodel.pt --dataroot data --tasks all

Evaluates a onehead checkpoint on the val splits of the course datasets
under ``--dataroot`` (Mini-COCO-Det, Mini-VOC-Seg, Imagenette-160) and
prints mAP@50 (and mAP@[.5:.95]), mIoU and Top-1. The model is built from
the config that training saved in the checkpoint (any head width or private
channels), and each task's val pipeline (its input size) from the same
config; ``--config`` names it for a bare state dict, which otherwise gets
the default model and pipelines (``configs/stage3_cls.py``).
"""
import argparse
import json
import os
import os.path as osp
import sys

ROOT = osp.dirname(osp.abspath(__file__))
sys.path.insert(0, ROOT)

from onehead.structures.tasks import TASKS  # noqa: E402
from onehead.utils.cli import add_checkpoint_options  # noqa: E402
DEFAULT_CONFIG = osp.join(ROOT, 'configs', 'stage3_cls.py')


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--weights', required=True, help='checkpoint (.pt/.pth)')
    p.add_argument('--dataroot', default='data',
                   help='folder holding mini_coco_det/, mini_voc_seg/, '
                   'imagenette_160/')
    p.add_argument('--tasks', nargs='+', default=['all'],
                   choices=['all', *TASKS])
    p.add_argument('--config', help='model config (default: the one saved '
                   'in the checkpoint, else configs/stage3_cls.py)')
    p.add_argument('--batch-size', type=int, default=8)
    add_checkpoint_options(p)
    p.add_argument('--flip', action='store_true',
                   help='test-time horizontal flip (model test_cfg flip): '
                   'twice the cost')
    p.add_argument('--num-images', type=int, default=0,
                   help='evaluate only the first N val images of each task '
                   '(a quick check; 0 = all)')
    p.add_argument('--bootstrap', type=int, default=0, metavar='N',
                   help='also print each metric\'s 95%% interval over N '
                   'resamples of the val images')
    p.add_argument('--out', help='also write the metrics as JSON here')
    return p.parse_args(argv)


def val_dataset_cfg(cfg, saved, task: str) -> dict:
    """The val set of ``task`` under --dataroot (``cfg``'s data root; the
    course and sample layouts name their folders alike) as the ``saved``
    training config describes it, if any: its classes (a sample-data
    checkpoint is scored on the sample classes, and stops on data of
    others) and its val pipeline (a model trained at another input size
    is evaluated at it)."""
    ds = dict(cfg[f'{task}_val'])
    trained = (saved or {}).get(f'{task}_val')
    if trained:
        ds = dict(trained, data_root=ds['data_root'])
    return ds


def main(argv=None):
    args = parse_args(argv)
    if not osp.isfile(args.weights):
        sys.exit(f'error: {args.weights}: no such checkpoint')
    tasks = list(TASKS) if 'all' in args.tasks else args.tasks
    os.environ['ONEHEAD_DATA'] = osp.abspath(args.dataroot)
    import torch
    from mmengine.config import Config
    from mmengine.dataset import pseudo_collate
    from mmengine.evaluator import Evaluator
    from mmengine.logging import MMLogger

    from onehead.apis import enable_fast_path, init_model
    from onehead.apis.challenge import check_challenge, format_verdicts
    from onehead.registry import DATASETS, METRICS as METRIC_REG
    from onehead.structures import TASK_METRICS

    from onehead.utils import check_classes, saved_config, trust_checkpoints
    trust_checkpoints(args.trust_checkpoint)
    cfg = Config.fromfile(args.config or DEFAULT_CONFIG)
    saved = None if args.config else saved_config(args.weights)
    if saved is not None:
        cfg.model = saved.get('model') or cfg.model
    model = init_model(cfg, args.weights)
    print(format_verdicts(check_challenge(model)))
    model = enable_fast_path(model, args.amp, args.fuse_conv_bn)
    model.test_cfg['flip'] = args.flip or model.test_cfg['flip']
    MMLogger.get_instance('onehead-eval', log_level='WARNING')
    from onehead.datasets import DatasetLayoutError
    try:
        datasets = {t: DATASETS.build(val_dataset_cfg(cfg, saved, t))
                    for t in tasks}
    except DatasetLayoutError as e:
        if 'not found' not in str(e):
            sys.exit(f'error: {e}')
        sys.exit(f'error: {e}\nno course data under {args.dataroot}: build '
                 f'it with python tools/prepare_data.py --out '
                 f'{args.dataroot} (offline: add --archives DIR)')
    check_classes(model, {t: ds.metainfo for t, ds in datasets.items()},
                  args.weights)
    results = {}
    for task, ds in datasets.items():
        if args.num_images:
            ds = torch.utils.data.Subset(ds, range(min(args.num_images,
                                                       len(ds))))
            ds.metainfo = ds.dataset.metainfo
        metric = METRIC_REG.build(dict(type=TASK_METRICS[task],
                                       bootstrap=args.bootstrap))
        evaluator = Evaluator([metric])
        evaluator.dataset_meta = ds.metainfo
        loader = torch.utils.data.DataLoader(
            ds, batch_size=args.batch_size, collate_fn=pseudo_collate,
            num_workers=2)
        with torch.no_grad():
            for batch in loader:
                data = model.data_preprocessor(batch, False)
                evaluator.process(model(**data, mode='predict'), batch)
        results.update(evaluator.evaluate(len(ds)))

    def interval(key):
        if f'{key}_ci_low' not in results:
            return ''
        return (f'   95% interval [{results[key + "_ci_low"]:.4f}, '
                f'{results[key + "_ci_high"]:.4f}]')

    print(f'weights: {args.weights}   data: {args.dataroot}'
          + ('   (flip test)' if model.test_cfg['flip'] else ''))
    if 'det' in tasks:
        print(f'  mAP@50      {results["det/AP50"]:.4f}   '
              f'(mAP@[.5:.95] {results["det/AP"]:.4f})'
              f'{interval("det/AP50")}')
    if 'seg' in tasks:
        print(f'  mIoU        {results["seg/mIoU"]:.4f}   '
              f'(over all {model.head.num_seg_classes} classes: '
              f'{results["seg/mIoU_all"]:.4f}){interval("seg/mIoU")}')
    if 'cls' in tasks:
        print(f'  Top-1       {results["cls/top1"]:.4f}'
              f'{interval("cls/top1")}')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(results, f, indent=2)
    return results


if __name__ == '__main__':
    main()
