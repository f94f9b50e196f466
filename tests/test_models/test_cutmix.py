"""CutMix: the pasted box and the mixed labels on hand-built images, scoped
to one task's samples by the data preprocessor, soft labels in the loss."""
import copy

import pytest
import torch
import torch.nn.functional as F
from mmengine.dataset import pseudo_collate

from onehead.models.batch_augments import CutMix
from onehead.models.losses.cross_entropy_loss import CrossEntropyLoss
from onehead.registry import DATASETS, MODELS
from onehead.structures import MultiTaskDataSample
from tests_helpers import load_config, sample_datasets


def constant_images(n, h=10, w=10):
    """Image i is filled with the value i."""
    return torch.arange(n, dtype=torch.float).view(n, 1, 1, 1).expand(
        n, 3, h, w).clone()


def test_box_and_scores_agree():
    torch.manual_seed(0)
    cutmix = CutMix(num_classes=4, alpha=1.0)
    x, labels = constant_images(4), torch.tensor([0, 1, 2, 3])
    for _ in range(20):
        mixed, scores = cutmix(x, labels)
        assert mixed.shape == x.shape and scores.shape == (4, 4)
        torch.testing.assert_close(scores.sum(1), torch.ones(4))
        for i in range(4):
            # every pixel shows image i or one partner: the label's weights
            # are the shares of the image each shows
            values, counts = mixed[i, 0].unique(return_counts=True)
            share = torch.zeros(4)
            share[values.long()] = counts.float() / 100
            torch.testing.assert_close(scores[i], share)
        assert torch.equal(x, constant_images(4))  # the input is kept


def test_prob_zero_passes_one_hot():
    cutmix = CutMix(num_classes=3, prob=0.0)
    x = constant_images(3)
    mixed, scores = cutmix(x, torch.tensor([2, 0, 1]))
    assert torch.equal(mixed, x)
    assert torch.equal(scores, torch.eye(3)[[2, 0, 1]])


@pytest.mark.parametrize('kwargs', [dict(alpha=0.0), dict(prob=1.5)])
def test_bad_parameters_are_named(kwargs):
    with pytest.raises(ValueError, match='CutMix needs alpha'):
        CutMix(num_classes=3, **kwargs)


def test_soft_cross_entropy_exact():
    logits = torch.tensor([[2.0, 0.0, -1.0]])
    soft = torch.tensor([[0.75, 0.25, 0.0]])
    logp = F.log_softmax(logits, 1)
    expected = -(0.75 * logp[0, 0] + 0.25 * logp[0, 1])
    torch.testing.assert_close(CrossEntropyLoss()(logits, soft), expected)
    # a one-hot soft label is the hard label's loss
    torch.testing.assert_close(
        CrossEntropyLoss(label_smoothing=0.1)(logits, torch.eye(3)[[1]]),
        CrossEntropyLoss(label_smoothing=0.1)(logits, torch.tensor([1])))


def sample(task, label=None, size=8):
    s = MultiTaskDataSample().set_task(task)
    if label is not None:
        s.set_gt_label(label)
    return dict(inputs=torch.full((3, size, size), 100, dtype=torch.uint8),
                data_samples=s)


def test_preprocessor_mixes_only_its_task_in_training():
    torch.manual_seed(1)
    pre = MODELS.build(dict(
        type='MultiTaskDataPreprocessor', mean=[0, 0, 0], std=[1, 1, 1],
        batch_augments=dict(cls=dict(type='CutMix', num_classes=5))))
    items = [sample('cls', i) for i in range(4)] + [sample('det', size=12)]
    for i in range(4):
        items[i]['inputs'][:] = i
    data = pre(pseudo_collate(copy.deepcopy(items)), True)
    cls, det = data['inputs'][:4], data['inputs'][4]
    assert torch.equal(det, torch.full((3, 12, 12), 100.0))
    assert 'gt_score' not in data['data_samples'][4]
    for i in range(4):
        score = data['data_samples'][i].gt_score
        values, counts = cls[i][0].unique(return_counts=True)
        share = torch.zeros(5)
        share[values.long()] = counts.float() / 64
        torch.testing.assert_close(score, share)
    # at test time nothing is mixed
    data = pre(pseudo_collate(copy.deepcopy(items)), False)
    assert all('gt_score' not in s for s in data['data_samples'])
    assert torch.equal(data['inputs'][1], torch.ones(3, 8, 8))


def test_preprocessor_names_a_task_at_two_sizes():
    pre = MODELS.build(dict(
        type='MultiTaskDataPreprocessor',
        batch_augments=dict(cls=dict(type='CutMix', num_classes=5))))
    items = [sample('cls', 0), sample('cls', 1, size=6)]
    with pytest.raises(ValueError, match="'cls' needs its samples at one"):
        pre(pseudo_collate(items), True)


def test_model_trains_on_soft_labels(sample_data):
    """The cls loss reads ``gt_score``: it equals the soft cross-entropy
    of the pooled logits, and gradients reach the backbone."""
    cfg = load_config('configs/_base_/models/mobilenetv2_fpn_unified.py')
    cfg.model.backbone.init_cfg = None
    cfg.model.data_preprocessor.batch_augments = dict(
        cls=dict(type='CutMix', num_classes=10))
    model = MODELS.build(cfg.model).train()
    ds = DATASETS.build(sample_datasets(sample_data)['cls_train'])
    torch.manual_seed(0)
    data = model.data_preprocessor(pseudo_collate([ds[i] for i in
                                                   range(4)]), True)
    scores = torch.stack([s.gt_score for s in data['data_samples']])
    assert scores.shape == (4, 10)
    loss = model(**data, mode='loss')['cls.loss_cls']
    logits = model.head.split(model(data['inputs'], mode='tensor'))['cls']
    torch.testing.assert_close(
        loss, CrossEntropyLoss(label_smoothing=0.1)(logits, scores))
    loss.backward()
    grad = model.backbone.features[1].conv[0][0].weight.grad
    assert grad is not None and grad.abs().sum() > 0
