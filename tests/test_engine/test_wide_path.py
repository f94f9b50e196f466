"""A fixed path on the leading channels of a wider neck and head
(``shared_gpm/pca_path_wide`` in small): after PrincipalComponentInitHook
with ``inputs`` and a training under FrozenRowsHook, the path's channels
of the head's hidden map do not depend on what the finer backbone levels
bring, while the other channels learn from every level."""
from types import SimpleNamespace

import pytest
import torch
from mmengine.logging import MMLogger

from onehead.engine.hooks import FrozenRowsHook, PrincipalComponentInitHook
from tests_helpers import (sample_datasets, sample_sized_model,
                           train_on_seg_samples)

# neck 24 wide, its stride-8/16 laterals 8 wide (channels 16-23); the path:
# 16 rows of the stride-32 lateral, then 16, 16 and 8 rows of the fuse conv
# and the head's two convs, each reading only the 16 path channels before
ROWS = {'neck.laterals.2.0': 16, 'neck.fuse.0': 16, 'head.convs.0': 16,
        'head.convs.3': 8}
INPUTS = {'neck.fuse.0': 16, 'head.convs.0': 16, 'head.convs.3': 16}


@pytest.fixture(scope='module')
def data(sample_data):
    return sample_datasets(sample_data)


def hidden(model, feats):
    """The head's hidden map (what every task's output rows read)."""
    return model.head.convs(model.neck(feats))


def test_the_path_reads_nothing_the_finer_levels_write(data):
    model, _ = sample_sized_model(
        frozen=['backbone'], norm_eval=True,
        neck=dict(type='SingleFPN', out_channels=24,
                  lateral_channels=(8, 8, 24)))
    runner = SimpleNamespace(model=model, iter=0,
                             logger=MMLogger.get_current_instance())
    PrincipalComponentInitHook(
        layers=list(ROWS), rows=ROWS, inputs=INPUTS, signed=True,
        dataset=data.seg_train_plain, num_samples=8,
        batch_size=4).before_train(runner)
    keep = FrozenRowsHook(rows=ROWS)
    keep.before_train(runner)
    path = {n: model.get_submodule(n).weight.detach().clone() for n in ROWS}
    other = model.head.convs[3].weight.detach().clone()
    batch = train_on_seg_samples(
        model, data.seg_train,
        after_step=lambda i: keep.after_train_iter(runner, i))
    keep.after_train(runner)
    for name, w in path.items():
        n = ROWS[name]
        assert torch.equal(model.get_submodule(name).weight[:n], w[:n])
    assert not torch.equal(model.head.convs[3].weight[8:], other[8:])

    model.eval()
    with torch.no_grad():
        feats = model.backbone(batch['inputs'])
        g = torch.Generator().manual_seed(1)
        changed = [f + torch.randn(f.shape, generator=g) for f in feats[:2]]
        a = hidden(model, feats)
        b = hidden(model, changed + list(feats[2:]))
    assert torch.allclose(a[:, :8], b[:, :8], atol=1e-5)
    assert (a[:, 8:] - b[:, 8:]).abs().max() > 1e-2
