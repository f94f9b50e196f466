"""Parameters per component of a config's model (budget: < 8M).

``python tools/count_params.py CONFIG``
"""
import argparse

from mmengine.config import Config
from mmengine.registry import init_default_scope

from onehead.registry import MODELS
from onehead.utils import register_all_modules

BUDGET = 8_000_000


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config')
    args = p.parse_args()
    register_all_modules()
    cfg = Config.fromfile(args.config)
    init_default_scope(cfg.get('default_scope', 'onehead'))
    model_cfg = cfg.model.copy()
    model_cfg.backbone = dict(model_cfg.backbone, init_cfg=None)
    counts = MODELS.build(model_cfg).param_counts()
    for name, n in counts.items():
        print(f'{name:>9}: {n:>10,d}')
    verdict = 'PASS' if counts['total'] < BUDGET else 'FAIL'
    print(f'   budget: {BUDGET:>10,d}  {verdict}')
    return 0 if verdict == 'PASS' else 1


if __name__ == '__main__':
    raise SystemExit(main())
