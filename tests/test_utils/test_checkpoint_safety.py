"""A checkpoint never runs code it brings, unless the user trusts it; a
checkpoint that does not fit the model or the data is refused."""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
from mmengine.runner import save_checkpoint

from onehead.apis import init_model
from onehead.utils import (CheckpointError, UntrustedCheckpointError,
                           load_checkpoint_file, parse_config_text,
                           saved_config)
from tests_helpers import ROOT, load_config


class Payload:
    """Unpickling this runs a shell command that creates ``marker``."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f'touch {self.marker}', )


@pytest.fixture(scope='module')
def sample_model(sample_data):
    cfg = load_config('configs/stage1_seg.py', sample_data, 'sample_data')
    cfg.model.backbone.init_cfg = None
    return cfg, init_model(cfg)


@pytest.fixture
def crafted(sample_model, tmp_path):
    """A checkpoint of the right weights carrying a pickle payload."""
    marker = tmp_path / 'ran'
    path = str(tmp_path / 'crafted.pth')
    torch.save(dict(state_dict=sample_model[1].state_dict(),
                    meta=dict(note=Payload(str(marker)))), path)
    return path, marker


def test_payload_is_refused_and_trust_runs_it(crafted, monkeypatch):
    path, marker = crafted
    with pytest.raises(UntrustedCheckpointError) as e:
        load_checkpoint_file(path)
    msg = str(e.value)
    assert msg.startswith(f'{path}: refused to load: it holds an object of '
                          'type posix.system')
    assert '--trust-checkpoint' in msg and not marker.exists()
    monkeypatch.setenv('ONEHEAD_TRUST_CHECKPOINTS', '1')
    load_checkpoint_file(path)
    assert marker.exists()  # what trusting a file means


def run(args, sample_data, tmp_path, datasets='sample_data'):
    env = dict(os.environ, ONEHEAD_DATASETS=datasets,
               ONEHEAD_SAMPLE_DATA=sample_data)
    env.pop('ONEHEAD_TRUST_CHECKPOINTS', None)
    return subprocess.run([sys.executable] + args, env=env, cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=600)


def test_payload_never_runs_through_the_tools(crafted, sample_data,
                                              tmp_path):
    path, marker = crafted
    cfg = osp.join(ROOT, 'configs', 'stage1_seg.py')
    img = osp.join(sample_data, 'mini_voc_seg', 'JPEGImages',
                   sorted(os.listdir(osp.join(sample_data, 'mini_voc_seg',
                                              'JPEGImages')))[0])
    wd = str(tmp_path / 'wd')
    os.makedirs(wd)
    resume_ckpt = osp.join(wd, 'epoch_1.pth')
    os.link(path, resume_ckpt)
    routes = dict(
        eval=[osp.join(ROOT, 'eval.py'), '--weights', path, '--dataroot',
              sample_data, '--config', cfg],
        test=[osp.join(ROOT, 'tools', 'test.py'), cfg, path],
        infer=[osp.join(ROOT, 'tools', 'infer.py'), img, cfg, path],
        load_from=[osp.join(ROOT, 'tools', 'train.py'), cfg, '--work-dir',
                   str(tmp_path / 'wd2'), '--cfg-options',
                   f'load_from={path}'],
        resume=[osp.join(ROOT, 'tools', 'train.py'), cfg, '--work-dir', wd,
                '--resume'])
    for route, args in routes.items():
        r = run(args, sample_data, tmp_path)
        assert r.returncode != 0, route
        assert 'refused to load: it holds an object of type posix.system' \
            in r.stderr, (route, r.stderr[-2000:])
        assert not marker.exists(), route


def test_saved_config_is_read_as_data_never_run(sample_model, tmp_path):
    cfg, model = sample_model
    marker = tmp_path / 'ran'
    text = (f"_x = __import__('os').system('touch {marker}')\n" +
            cfg.pretty_text)
    path = str(tmp_path / 'm.pth')
    save_checkpoint(dict(state_dict=model.state_dict(), meta=dict(cfg=text)),
                    path)
    with pytest.raises(CheckpointError, match=r'm.pth \(the config saved in '
                       r'it\), line 1: not plain data'):
        saved_config(path)
    assert not marker.exists()
    # mmengine's own pretty text of a real config reads back as data
    plain = str(tmp_path / 'plain.pth')
    save_checkpoint(dict(state_dict=model.state_dict(),
                         meta=dict(cfg=cfg.pretty_text)), plain)
    assert saved_config(plain).model.to_dict() == cfg.model.to_dict()


@pytest.mark.parametrize('text, ok', [
    ('a = dict(b=[1, -2.5, (3, None)], c={"k": True})', True),
    ('a = dict({"b": [1, -2.5, (3, None)]}, c=dict({"k": True}))', True),
    ('a = dict({"b": [1, -2.5, (3, None)]}, c=dict(x, k=True))', False),
    ('a = dict(**x)', False), ('a = open("f")', False),
    ('import os', False), ('a = b', False), ('a = 1 + 2', False),
    ('a = [x for x in y]', False)])
def test_parse_config_text_accepts_literals_only(text, ok):
    if ok:
        assert parse_config_text(text, 'f') == dict(
            a=dict(b=[1, -2.5, (3, None)], c={'k': True}))
    else:
        with pytest.raises(CheckpointError, match='f'):
            parse_config_text(text, 'f')


def test_truncated_and_empty_checkpoints_name_the_file(sample_model,
                                                       tmp_path):
    path = tmp_path / 'm.pth'
    torch.save(dict(state_dict=sample_model[1].state_dict()), str(path))
    raw = path.read_bytes()
    path.write_bytes(raw[:len(raw) // 2])
    with pytest.raises(CheckpointError, match=f'{path}: not a readable '
                       'checkpoint .*truncated'):
        load_checkpoint_file(str(path))
    path.write_bytes(b'')
    with pytest.raises(CheckpointError, match=f'{path}: empty file'):
        load_checkpoint_file(str(path))


def test_a_checkpoint_that_does_not_fit_is_refused(sample_model, tmp_path,
                                                   sample_data):
    from onehead.utils import check_classes, check_fit
    cfg, model = sample_model
    foreign = str(tmp_path / 'foreign.pth')
    torch.save(dict(state_dict={'fc.weight': torch.zeros(2, 2)}), foreign)
    with pytest.raises(CheckpointError, match=f'{foreign}: no weight in it '
                       'has a name of the model'):
        check_fit(model, foreign, strict=True)
    # another head (course classes) against the sample-data model
    course = load_config('configs/stage1_seg.py')
    course.model.backbone.init_cfg = None
    other = str(tmp_path / 'other.pth')
    torch.save(dict(state_dict=init_model(course).state_dict()), other)
    with pytest.raises(CheckpointError, match=f'{other}: 2 tensors do not '
                       r'fit .*head.out_conv.weight: \(46, '):
        check_fit(model, other, strict=True)
    # a partial checkpoint is fine to start a stage from, not to evaluate
    part = str(tmp_path / 'part.pth')
    torch.save(dict(state_dict={k: v for k, v in model.state_dict().items()
                                if not k.startswith('head.')}), part)
    assert check_fit(model, part) == ['head']
    with pytest.raises(CheckpointError, match=f'{part}: .* weights of the '
                       'model are not in the checkpoint'):
        check_fit(model, part, strict=True)
    # classes: a sample-data model (seg: 4) on VOC data (21 classes)
    with pytest.raises(CheckpointError, match='m.pt: its seg output has 4 '
                       'classes, the seg data has 21'):
        check_classes(model, dict(seg=dict(classes=tuple('x' * 21))),
                      'm.pt')
    check_classes(model, dict(seg=dict(classes=tuple('x' * 4))))


def test_tools_stop_on_a_checkpoint_for_other_data(sample_model, sample_data,
                                                   shared_data, tmp_path):
    # a sample-data checkpoint (3/4/4 classes) scored on the course data
    cfg, model = sample_model
    path = str(tmp_path / 'sample.pth')
    save_checkpoint(dict(state_dict=model.state_dict(),
                         meta=dict(cfg=cfg.pretty_text)), path)
    r = run([osp.join(ROOT, 'eval.py'), '--weights', path, '--dataroot',
             shared_data], sample_data, tmp_path, datasets='course_data')
    # it is scored on the classes it was trained with, which the course
    # json does not have
    assert r.returncode != 0
    assert "instances_val.json: category 1 is 'person' in the file but " \
        "'circle' in the classes asked for" in r.stderr
    # a checkpoint of no matching key through tools/test.py
    foreign = str(tmp_path / 'foreign.pth')
    torch.save(dict(state_dict={'fc.weight': torch.zeros(2, 2)}), foreign)
    r = run([osp.join(ROOT, 'tools', 'test.py'),
             osp.join(ROOT, 'configs', 'stage1_seg.py'), foreign],
            sample_data, tmp_path)
    assert r.returncode != 0
    assert f'{foreign}: no weight in it has a name of the model' in r.stderr
