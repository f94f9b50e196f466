"""Every shipped model config stays under the challenge's 8M parameters."""
import glob
import os.path as osp

import pytest

from tests_helpers import ROOT, build_model, load_config

BUDGET = 8_000_000


def model_configs():
    out = []
    for path in sorted(glob.glob(osp.join(ROOT, 'configs', '**', '*.py'),
                                 recursive=True)):
        rel = osp.relpath(path, ROOT)
        if 'model = dict(' in open(path).read() or \
                not rel.startswith(osp.join('configs', '_base_')):
            out.append(rel)
    return out


@pytest.mark.parametrize('rel', model_configs())
def test_params_under_budget(rel):
    cfg = load_config(rel)
    if 'model' not in cfg:
        pytest.skip('no model in this config')
    model = build_model(cfg)
    counts = model.param_counts()
    total = sum(p.numel() for p in model.parameters())
    assert counts['total'] == total
    assert total < BUDGET, f'{rel}: {total} parameters'
    assert counts['backbone'] > 0 and counts['neck'] > 0 and \
        counts['head'] > 0


def test_some_configs_found():
    assert len(model_configs()) >= 3
