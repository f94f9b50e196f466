"""PrincipalComponentInitHook: a compressing lateral set to the leading
principal directions of what it reads, once, before training."""
import copy
from types import SimpleNamespace

import pytest
import torch
from mmengine.logging import MMLogger

from onehead.engine.hooks import PrincipalComponentInitHook
from onehead.engine.hooks.gradient_projection_hook import patch_moments
from onehead.engine.hooks.principal_component_init_hook import \
    principal_directions
from onehead.registry import DATASETS
from tests_helpers import (sample_datasets, sample_sized_model,
                           train_on_seg_samples)

LATERAL = 'neck.laterals.2.0'  # 1280 -> 96, 1x1


def test_principal_directions_are_the_centred_covariances_leading_axes():
    # six points around a mean far out along e4: spread 3, 2, 1 along
    # e1, e2, e3 and none along e4 (uncentred, e4 would lead)
    mean = torch.tensor([0., 0., 0., 5.])
    eye = torch.eye(4)
    pts = torch.stack([mean + s * a * eye[i] for i, a in enumerate((3, 2, 1))
                       for s in (1, -1)])
    rows = principal_directions(pts.T @ pts, pts.sum(0), len(pts), 3)
    assert rows.shape == (3, 4)
    assert torch.allclose(rows.abs(), eye[:3], atol=1e-6)


@pytest.fixture(scope='module')
def data(sample_data):
    return sample_datasets(sample_data)


def make_runner(iteration=0):
    model, _ = sample_sized_model(frozen=['backbone', LATERAL])
    return SimpleNamespace(model=model, iter=iteration,
                           logger=MMLogger.get_current_instance())


def hook(data, layers=(LATERAL, )):
    return PrincipalComponentInitHook(layers=list(layers), batch_size=4,
                                      dataset=data.seg_train_plain,
                                      num_samples=8)


def assert_principal(model, name, data):
    """``name``'s rows: orthonormal, and its outputs on the images uncorrelated
    channels of falling variance, the first holding the most any direction
    can."""
    conv = model.get_submodule(name)
    w = conv.weight.detach().flatten(1)
    assert torch.allclose(w @ w.T, torch.eye(len(w)), atol=1e-4)
    ds = DATASETS.build(copy.deepcopy(data.seg_train_plain))
    m = patch_moments(model, {name: conv}, ds, 8, batch_size=4)[name]
    mean = m['x'].double() / m['n']
    cov = m['xxT'].double() / m['n'] - torch.outer(mean, mean)
    out = w.double() @ cov @ w.double().T
    var = out.diagonal()
    assert torch.all(var[:-1] >= var[1:] - 1e-9)
    off = out - torch.diag(var)
    assert off.abs().max() < 1e-4 * var[0]
    assert var[0] >= torch.linalg.eigvalsh(cov)[-1] * (1 - 1e-6)


def test_the_lateral_outputs_uncorrelated_channels_of_falling_variance(data):
    runner = make_runner()
    hook(data).before_train(runner)
    assert_principal(runner.model, LATERAL, data)


def test_layers_in_a_row_each_take_the_inputs_the_ones_before_produce(data):
    # the fuse conv (3x3, 96 -> 96) reads what the lateral writes: its rows
    # are the principal directions of its input once the lateral is set
    runner = make_runner()
    hook(data, layers=(LATERAL, 'neck.fuse.0')).before_train(runner)
    assert_principal(runner.model, LATERAL, data)
    assert_principal(runner.model, 'neck.fuse.0', data)


def test_a_resumed_run_keeps_its_weights(data):
    runner = make_runner(iteration=5)
    before = runner.model.get_submodule(LATERAL).weight.detach().clone()
    hook(data).before_train(runner)
    assert torch.equal(runner.model.get_submodule(LATERAL).weight, before)


def test_the_frozen_lateral_stays_where_the_hook_put_it(data):
    runner = make_runner()
    hook(data).before_train(runner)
    model = runner.model
    set_to = model.get_submodule(LATERAL).weight.detach().clone()
    head_before = model.head.convs[0].weight.detach().clone()
    train_on_seg_samples(model, data.seg_train)
    assert torch.equal(model.get_submodule(LATERAL).weight, set_to)
    assert not torch.equal(model.head.convs[0].weight, head_before)


def test_a_lateral_wider_than_its_input_is_an_error(data):
    # neck.laterals.0.0 maps the 32 stride-8 channels to 96
    with pytest.raises(ValueError, match=r'neck.laterals.0.0 sets 96 '
                                         r'rows but its patches only have '
                                         r'32 dimensions'):
        hook(data, layers=('neck.laterals.0.0', )).before_train(make_runner())
    with pytest.raises(ValueError, match='neck.laterals.2 is not a dense'):
        hook(data, layers=('neck.laterals.2', )).before_train(make_runner())


def test_signed_rows_are_the_leading_directions_then_the_same_negated(data):
    # with both signs, 96 rows are 48 directions twice: relu(v) - relu(-v)
    # gives each back whole after the ReLU that follows
    plain, signed = make_runner(), make_runner()
    hook(data).before_train(plain)
    h = hook(data)
    h.signed = True
    h.before_train(signed)
    w = signed.model.get_submodule(LATERAL).weight.detach().flatten(1)
    leading = plain.model.get_submodule(LATERAL).weight.detach().flatten(1)
    assert torch.equal(w[48:], -w[:48])
    assert torch.allclose(w[:48].abs(), leading[:48].abs(), atol=1e-5)


def test_signed_pairs_need_an_even_number_of_rows(data):
    runner = make_runner()
    conv = runner.model.get_submodule(LATERAL)
    runner.model.neck.laterals[2][0] = torch.nn.Conv2d(
        conv.in_channels, 95, 1, bias=False)
    h = hook(data)
    h.signed = True
    with pytest.raises(ValueError, match='sets 95 rows; signed pairs need'):
        h.before_train(runner)


def test_rows_set_only_the_leading_outputs_and_leave_the_rest(data):
    # 32 of the lateral's 96 rows: 16 directions and the same negated, the
    # other 64 rows as they were
    plain, partial = make_runner(), make_runner()
    hook(data).before_train(plain)
    before = partial.model.get_submodule(LATERAL).weight.detach().clone()
    h = hook(data)
    h.signed, h.rows = True, {LATERAL: 32}
    h.before_train(partial)
    w = partial.model.get_submodule(LATERAL).weight.detach()
    leading = plain.model.get_submodule(LATERAL).weight.detach().flatten(1)
    assert torch.equal(w[32:], before[32:])
    assert torch.equal(w[16:32], -w[:16])
    assert torch.allclose(w[:16].flatten(1).abs(), leading[:16].abs(),
                          atol=1e-5)


def test_rows_that_do_not_fit_their_layer_are_errors(data):
    with pytest.raises(ValueError, match=r"rows given for \['neck.fuse.0'\]"):
        PrincipalComponentInitHook(layers=[LATERAL], rows={'neck.fuse.0': 8},
                                   dataset=data.seg_train_plain)
    h = hook(data)
    h.rows = {LATERAL: 97}
    with pytest.raises(ValueError, match='96 outputs; cannot set 97 rows'):
        h.before_train(make_runner())
    h.signed, h.rows = True, {LATERAL: 31}
    with pytest.raises(ValueError, match='sets 31 rows; signed pairs need'):
        h.before_train(make_runner())


def test_inputs_restrict_the_rows_to_the_leading_input_channels(data):
    # the fuse conv's first 32 rows: principal directions of its patches on
    # its first 48 input channels (3x3: 432 dimensions), zero on the other
    # 48; its other 64 rows as they were
    runner = make_runner()
    fuse = runner.model.get_submodule('neck.fuse.0')
    before = fuse.weight.detach().clone()
    h = PrincipalComponentInitHook(
        layers=['neck.fuse.0'], rows={'neck.fuse.0': 32},
        inputs={'neck.fuse.0': 48}, dataset=data.seg_train_plain,
        num_samples=8, batch_size=4)
    h.before_train(runner)
    w = fuse.weight.detach()
    assert torch.equal(w[32:], before[32:])
    assert torch.count_nonzero(w[:32, 48:]) == 0
    lead = w[:32, :48].flatten(1).double()
    assert torch.allclose(lead @ lead.T, torch.eye(32, dtype=torch.double),
                          atol=1e-4)
    ds = DATASETS.build(copy.deepcopy(data.seg_train_plain))
    m = patch_moments(runner.model, {'n': fuse}, ds, 8, batch_size=4)['n']
    d = 48 * 9
    mean = m['x'][:d].double() / m['n']
    cov = m['xxT'][:d, :d].double() / m['n'] - torch.outer(mean, mean)
    var = (lead @ cov @ lead.T).diagonal()
    assert torch.all(var[:-1] >= var[1:] - 1e-9)
    top = torch.linalg.eigvalsh(cov).flip(0)[:32]
    assert torch.allclose(var, top, rtol=1e-4)


def test_inputs_that_do_not_fit_their_layer_are_errors(data):
    with pytest.raises(ValueError, match=r"inputs given for \['neck.fuse"):
        PrincipalComponentInitHook(layers=[LATERAL],
                                   inputs={'neck.fuse.0': 8},
                                   dataset=data.seg_train_plain)
    h = hook(data, layers=('neck.fuse.0', ))
    h.inputs = {'neck.fuse.0': 97}
    with pytest.raises(ValueError, match='96 inputs; cannot read 97'):
        h.before_train(make_runner())
    # 96 rows cannot all be directions of 8 input channels' 1x1 patches
    h = hook(data)
    h.inputs = {LATERAL: 8}
    with pytest.raises(ValueError, match='sets 96 rows but its patches '
                                         'only have 8 dimensions'):
        h.before_train(make_runner())
