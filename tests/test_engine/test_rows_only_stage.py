"""A stage that trains the output conv alone: the new task's rows learn and
the earlier tasks' rows stay bit for bit, as long as weight decay is off
(AdamW decays every element of a tensor that takes part in a step, also
rows whose gradient is zero)."""
import copy

import pytest
import torch
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper

from onehead.registry import DATASETS
from tests_helpers import sample_datasets, sample_sized_model

FROZEN = ['backbone', 'neck', 'head.convs']


def rows_after_cls_steps(data, weight_decay):
    model, _ = sample_sized_model(frozen=FROZEN, norm_eval=True)
    model.train()
    wrapper = build_optim_wrapper(model, dict(
        type='OptimWrapper', optimizer=dict(type='AdamW', lr=1e-2,
                                            weight_decay=weight_decay)))
    ds = DATASETS.build(copy.deepcopy(data.cls_train))
    batch = model.data_preprocessor(pseudo_collate([ds[i] for i in
                                                    range(4)]), True)
    before = model.head.out_conv.weight.detach().clone()
    losses = []
    for _ in range(5):
        loss = sum(v for k, v in model(**batch, mode='loss').items()
                   if 'loss' in k)
        wrapper.update_params(loss)
        losses.append(loss.item())
    after = model.head.out_conv.weight.detach()
    return model.head.task_slices(), before, after, losses


@pytest.fixture(scope='module')
def data(sample_data):
    return sample_datasets(sample_data)


def test_cls_rows_learn_and_the_earlier_rows_stay_exactly(data):
    rows, before, after, losses = rows_after_cls_steps(data, 0.0)
    assert losses[-1] < losses[0]
    assert not torch.equal(after[rows['cls']], before[rows['cls']])
    for task in ('det', 'seg'):
        assert torch.equal(after[rows[task]], before[rows[task]])


def test_weight_decay_would_shrink_the_earlier_rows(data):
    rows, before, after, _ = rows_after_cls_steps(data, 0.05)
    for task in ('det', 'seg'):
        assert after[rows[task]].norm() < before[rows[task]].norm()
