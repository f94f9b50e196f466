"""Each strategy's three stage configs describe one architecture, so every
stage's checkpoint loads whole into the next (a width changed in one stage
only would load partly, with just a warning from mmengine)."""
import glob
import os.path as osp
import sys

import pytest
import torch

from onehead.utils import check_fit
from tests_helpers import ROOT, build_model, load_config

sys.path.insert(0, osp.join(ROOT, 'tools'))
try:
    import train_stages
finally:
    sys.path.pop(0)


def strategies():
    names = []
    for path in sorted(glob.glob(osp.join(ROOT, 'configs',
                                          'stage3_cls*.py'))):
        stem = osp.splitext(osp.basename(path))[0]
        names.append(stem[len('stage3_cls_'):] or 'none')
    return names


def build(cfg_path):
    return build_model(load_config(osp.relpath(cfg_path, ROOT)))


def shapes(cfg_path):
    return {k: tuple(v.shape) for k, v in build(cfg_path).state_dict().items()}


@pytest.mark.parametrize('strategy', strategies())
def test_stages_build_the_same_architecture(strategy):
    """Every stage loads the previous one whole: the same tensors, except
    that a stage may add a neck block private to its own task (detection's
    in stage 2, classification's in stage 3), which starts fresh, or
    backbone stages of its own (`locked_deep`), copies of the shared ones."""
    s1, s2, s3 = (shapes(c) for c in train_stages.stage_configs(strategy))
    for before, after, task in ((s1, s2, 'det'), (s2, s3, 'cls')):
        assert {k: after[k] for k in before} == before
        added = set(after) - set(before)
        assert all(k.startswith((f'neck.private.{task}.',
                                 f'backbone.private.{task}.'))
                   for k in added), \
            added


def test_stage1_is_the_one_stage2_loads():
    cfgs = train_stages.stage_configs('replay_plastic_wide')
    assert osp.basename(cfgs[0]) == 'stage1_seg_replay_plastic_wide.py'
    # a variant of the wide strategy inherits its stage 2's load_from
    assert train_stages.stage_configs('replay_plastic_wide_det16')[0] == \
        cfgs[0]
    assert osp.basename(train_stages.stage_configs('replay')[0]) == \
        'stage1_seg.py'
    # the wide strategy really is wider than the plain stage 1 it replaces
    wide = shapes(cfgs[0])
    plain = shapes(train_stages.stage_configs('replay')[0])
    assert wide['head.out_conv.weight'][1] == 256
    assert plain['head.out_conv.weight'][1] == 128


def test_found_the_strategies():
    assert {'none', 'replay', 'ewc', 'lwf',
            'replay_plastic_wide'} <= set(strategies())


def test_checkpoint_of_another_width_is_an_error(tmp_path):
    """tools/train.py checks ``load_from`` with check_fit: a plain
    stage-1 checkpoint cannot start the wide strategy's stage 2."""
    plain = build(train_stages.stage_configs('replay')[0])
    wide = build(train_stages.stage_configs('replay_plastic_wide')[1])
    ckpt = tmp_path / 'epoch_16.pth'
    torch.save(dict(state_dict=plain.state_dict(), meta={}), ckpt)
    check_fit(plain, str(ckpt))  # same architecture: fine
    with pytest.raises(ValueError, match=r'epoch_16\.pth: 11 tensors .*'
                       r'head\.convs\.0\.weight: \(128, 96, 3, 3\)'):
        check_fit(wide, str(ckpt))
