"""MultiTaskModel: every mode's shapes and dtypes, mixed batches, gradients,
learning on the sample data."""
import copy

import pytest
import torch
from mmengine.dataset import pseudo_collate

from onehead.registry import DATASETS, MODELS
from tests_helpers import load_config, sample_datasets

MODEL_CFG = 'configs/_base_/models/mobilenetv2_fpn_unified.py'


def build_model(pretrained=False, **head):
    cfg = load_config(MODEL_CFG).model
    if not pretrained:
        cfg.backbone.init_cfg = None
    cfg.head.update(head)
    model = MODELS.build(cfg)
    model.init_weights()
    return model


@pytest.fixture(scope='module')
def batches(sample_data):
    out = {}
    cfg = sample_datasets(sample_data)
    for task in ('det', 'seg', 'cls'):
        ds = DATASETS.build(cfg[f'{task}_train'])
        out[task] = [ds[i] for i in range(4)]
        val = DATASETS.build(cfg[f'{task}_val'])
        out[task + '_val'] = [val[i] for i in range(2)]
    return out


def run(model, items, mode, training=None):
    data = model.data_preprocessor(pseudo_collate(copy.deepcopy(items)),
                                   training if training is not None else
                                   model.training)
    return model(**data, mode=mode)


def test_tensor_mode_is_one_tensor_split_by_channel():
    model = build_model(num_det_classes=10, num_seg_classes=21,
                        num_cls_classes=10).eval()
    x = torch.randn(2, 3, 512, 512)
    out = model(x, mode='tensor')
    assert out.shape == (2, (5 + 10) + 21 + 10, 64, 64)
    assert out.dtype == torch.float32
    parts = model.head.split(out)
    assert parts['det'].shape == (2, 15, 64, 64)
    assert parts['seg'].shape == (2, 21, 64, 64)
    assert parts['cls'].shape == (2, 10)
    assert torch.equal(parts['cls'], out[:, 36:].mean((2, 3)))
    # head: 2 ConvBNReLU + the 1x1 conv = 3 layers, one output conv
    convs = [m for m in model.head.modules()
             if isinstance(m, torch.nn.Conv2d)]
    assert len(convs) == 3 and convs[-1].kernel_size == (1, 1)


@pytest.mark.parametrize('pooling,expected', [
    ('avg', [2.5, -1.0]), ('max', [4.0, 0.0]), ('avg_max', [3.25, -0.5])])
def test_cls_pooling_hand_built(pooling, expected):
    head = MODELS.build(dict(type='UnifiedHead', in_channels=8,
                             num_classes=dict(det=1, seg=2, cls=2),
                             cls_pooling=pooling))
    out = torch.zeros(1, 6 + 2 + 2, 2, 2)
    out[0, 8] = torch.tensor([[1., 2.], [3., 4.]])
    out[0, 9] = torch.tensor([[0., -1.], [-1., -2.]])
    parts = head.split(out)
    assert parts['cls'].tolist() == [expected]
    assert parts['seg'].shape == (1, 2, 2, 2)  # only cls is pooled


def test_cls_pooling_is_checked():
    with pytest.raises(ValueError, match="cls_pooling.*'median'"):
        build_model(cls_pooling='median')


def test_head_layer_count_is_checked():
    with pytest.raises(ValueError, match='2-3 layers'):
        build_model(num_convs=3)


def test_loss_mode(batches):
    model = build_model(num_det_classes=3, num_seg_classes=4,
                        num_cls_classes=4).train()
    for task, keys in (('det', {'det.loss_conf', 'det.loss_box',
                                'det.loss_det_cls'}),
                       ('seg', {'seg.loss_seg'}), ('cls', {'cls.loss_cls'})):
        losses = run(model, batches[task], 'loss')
        assert set(losses) == keys  # only the tasks present
        for v in losses.values():
            assert v.dim() == 0 and v.dtype == torch.float32
            assert torch.isfinite(v) and v > 0


def test_mixed_batch_is_sum_of_task_losses(batches):
    """BatchNorm on running statistics (eval) makes samples independent:
    then a mixed batch's losses are exactly the per-task batches' losses."""
    model = build_model(num_det_classes=3, num_seg_classes=4,
                        num_cls_classes=4).eval()
    mixed = batches['det'][:2] + batches['cls'][:2] + batches['seg'][:2]
    # interleave to make sure grouping does not depend on order
    mixed = [mixed[i] for i in (0, 2, 4, 1, 3, 5)]
    total = run(model, mixed, 'loss', training=True)
    parts = {}
    for task in ('det', 'seg', 'cls'):
        parts.update(run(model, batches[task][:2], 'loss', training=True))
    assert set(total) == set(parts) | {'weight.det', 'weight.seg',
                                       'weight.cls'}
    for k in parts:
        torch.testing.assert_close(total[k], parts[k], rtol=1e-5,
                                   atol=1e-6)


def test_mixed_shapes_run_one_forward_per_shape(batches):
    """Classification crops of another size ride in the same batch."""
    model = build_model(num_det_classes=3, num_seg_classes=4,
                        num_cls_classes=4).train()
    small = []
    for item in batches['cls'][:2]:
        item = copy.deepcopy(item)
        item['inputs'] = item['inputs'][:, :96, :96].contiguous()
        small.append(item)
    calls = []
    forward = model._forward
    model._forward = lambda x, tasks=None: (calls.append(tuple(x.shape))
                                            or forward(x, tasks))
    losses = run(model, batches['det'][:2] + small + batches['seg'][:1],
                 'loss')
    assert sorted(calls) == [(2, 3, 96, 96), (3, 3, 128, 128)]
    assert {'det.loss_box', 'seg.loss_seg', 'cls.loss_cls'} <= set(losses)


def test_predict_mode(batches):
    model = build_model(num_det_classes=3, num_seg_classes=4,
                        num_cls_classes=4).eval()
    model.head.det_cfg['score_thr'] = 0.0  # keep boxes of a random model
    with torch.no_grad():
        det = run(model, batches['det_val'], 'predict')
        seg = run(model, batches['seg_val'], 'predict')
        cls = run(model, batches['cls_val'], 'predict')
    p = det[0].pred_instances
    assert p.bboxes.shape[1] == 4 and p.bboxes.dtype == torch.float32
    assert p.labels.dtype == torch.int64 and len(p) == len(p.scores) <= 100
    h, w = det[0].ori_shape
    assert (p.bboxes[:, 0::2] <= w).all() and (p.bboxes[:, 1::2] <= h).all()
    s = seg[0].pred_sem_seg.data
    assert s.shape == (1, ) + tuple(seg[0].ori_shape)
    assert s.dtype == torch.int64 and 0 <= s.min() and s.max() < 4
    c = cls[0].pred_score
    assert c.shape == (4, ) and torch.isclose(c.sum(), torch.tensor(1.0))
    assert 'pred_sem_seg' not in det[0] and 'pred_instances' not in cls[0]


def test_gradients_reach_shared_layers(batches):
    model = build_model(num_det_classes=3, num_seg_classes=4,
                        num_cls_classes=4).train()
    for task in ('det', 'seg', 'cls'):
        model.zero_grad()
        sum(run(model, batches[task], 'loss').values()).backward()
        for part in (model.backbone.features[0][0], model.neck.fuse[0],
                     model.head.convs[0]):
            assert part.weight.grad is not None
            assert part.weight.grad.abs().sum() > 0, (task, part)
        # the task's own channels of the 1x1 conv get gradient, others none
        g = model.head.out_conv.weight.grad.abs().sum((1, 2, 3))
        d, s = model.head.det_channels, model.head.num_seg_classes
        own = dict(det=slice(0, d), seg=slice(d, d + s),
                   cls=slice(d + s, None))[task]
        assert g[own].sum() > 0
        assert g.sum() == g[own].sum()


@pytest.mark.parametrize('task', ['det', 'seg', 'cls'])
def test_loss_goes_down(batches, task):
    torch.manual_seed(0)
    model = build_model(num_det_classes=3, num_seg_classes=4,
                        num_cls_classes=4).train()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3)
    items = batches[task]
    losses = []
    for _ in range(12):
        loss = sum(run(model, items, 'loss').values())
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.7 * losses[0], losses


def test_bf16_autocast_forward():
    model = build_model().eval()
    model.autocast = 'bfloat16'
    x = torch.randn(1, 3, 128, 128)
    out = model(x, mode='tensor')
    assert out.dtype == torch.float32  # decoded in fp32
    model.autocast = None
    ref = model(x, mode='tensor')
    assert (out - ref).abs().max() < 0.1 * ref.abs().max() + 0.05


def test_flip_test_makes_predictions_mirror_exactly():
    """``test_cfg=dict(flip=True)`` averages the tensors of the image and of
    its mirror (mirrored back, box x offsets negated), so the mirrored
    image's predictions are exactly the mirrored predictions."""
    from onehead.structures import MultiTaskDataSample
    model = build_model(num_det_classes=3, num_seg_classes=4,
                        num_cls_classes=4,
                        det_cfg=dict(score_thr=0.0, max_per_img=10)).eval()
    torch.manual_seed(0)
    # scores far apart: a random head's all sit near the prior, where the
    # order of near-ties could differ
    torch.nn.init.normal_(model.head.out_conv.weight, std=0.5)
    x = torch.randn(1, 3, 64, 96)

    def predict(img, flip):
        model.test_cfg['flip'] = flip
        s = MultiTaskDataSample().set_task('all')
        with torch.no_grad():
            return model.predict(img, [s])[0]

    a, b = predict(x, True), predict(x.flip(-1), True)
    assert torch.equal(b.pred_sem_seg.data, a.pred_sem_seg.data.flip(-1))
    torch.testing.assert_close(b.pred_score, a.pred_score)
    mirrored = a.pred_instances.bboxes[:, [2, 1, 0, 3]] * \
        torch.tensor([-1.0, 1.0, -1.0, 1.0]) + torch.tensor([96.0, 0, 96, 0])
    torch.testing.assert_close(b.pred_instances.bboxes, mirrored)
    assert torch.equal(b.pred_instances.labels, a.pred_instances.labels)
    # without it they differ (the network itself is not mirror-symmetric)
    c, d = predict(x, False), predict(x.flip(-1), False)
    assert not torch.allclose(d.pred_score, c.pred_score)
    # a width the head's cells do not tile is refused
    with pytest.raises(ValueError, match='not a multiple of the stride 8'):
        predict(torch.randn(1, 3, 64, 100), True)
