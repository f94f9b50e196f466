"""Linear probes of classification on every layer of one or more models.

``python tools/linear_probe.py CONFIG imagenet CKPT [CKPT ...] --out P.json``

For each model (``imagenet``: the config's model with its pretrained
weights; otherwise a checkpoint file or work dir, built from the config
saved in it when there is one), pools the features of each backbone level,
the neck and each head block over the config's classification images
(train and val, both through the test pipeline) and prints the val Top-1
of a logistic regression fitted on train. Where is accuracy lost: in the
backbone after the dense stages, in the neck, or in the head? With
``--silence MODULE ...`` each model is probed again with those modules
outputting zeros: what they add to the map that classification reads.
"""
import argparse
import json
import os
import os.path as osp

from mmengine.config import DictAction
from mmengine.runner import load_checkpoint

from onehead.evaluation.linear_probe import (pooled_features, probe_accuracy,
                                             silenced)
from onehead.registry import DATASETS, MODELS
from onehead.utils import resolve_checkpoint, saved_model_config
from onehead.utils.cli import load_tool_config


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config', help='gives cls_train / cls_val and the model')
    p.add_argument('models', nargs='+',
                   help="'imagenet' or checkpoint files / work dirs")
    p.add_argument('--l2', type=float, default=1e-3)
    p.add_argument('--silence', nargs='+', metavar='MODULE',
                   help='probe each model a second time with these modules '
                   'outputting zeros (e.g. neck.laterals.0 neck.laterals.1): '
                   'what they add that classification loses')
    p.add_argument('--out', help='write {model: {layer: top1}} here')
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    return p.parse_args(argv)


def build(cfg, name):
    if name == 'imagenet':
        model = MODELS.build(cfg.model)
        model.init_weights()
        return model
    path = resolve_checkpoint(name)
    model = MODELS.build(saved_model_config(path) or cfg.model)
    load_checkpoint(model, path, map_location='cpu', logger='silent')
    return model


def main(argv=None):
    args = parse_args(argv)
    cfg = load_tool_config(args.config, args.cfg_options)
    for key in ('cls_train', 'cls_val'):
        if key not in cfg:
            raise SystemExit(f'{args.config}: no {key} (the probes need the '
                             'classification datasets)')
    val = DATASETS.build(cfg.cls_val)
    train = DATASETS.build(dict(cfg.cls_train,
                                pipeline=cfg.cls_val.pipeline,
                                test_mode=True))
    num_classes = len(val.metainfo['classes'])
    results = {}
    runs = [(name, ()) for name in args.models]
    if args.silence:
        runs += [(name, args.silence) for name in args.models]
    for name, silent in runs:
        key = name + (f' ({", ".join(silent)} silenced)' if silent else '')
        with silenced(build(cfg, name), silent) as model:
            tr_x, tr_y = pooled_features(model, train)
            va_x, va_y = pooled_features(model, val)
        results[key] = {layer: round(probe_accuracy(
            tr_x[layer], tr_y, va_x[layer], va_y, num_classes, args.l2), 4)
            for layer in tr_x}
        print(key + ': ' + '  '.join(
            f'{layer} {acc:.4f}' for layer, acc in results[key].items()),
            flush=True)
    if args.out:
        os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as f:
            json.dump(dict(config=args.config, l2=args.l2,
                           train=len(train), val=len(val), top1=results),
                      f, indent=1)
    return results


if __name__ == '__main__':
    main()
