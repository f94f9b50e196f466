"""UnifiedHead ``private_channels``: a task's block of hidden channels is
read by that task alone, and that task reads nothing else."""
import pytest
import torch

from onehead.registry import MODELS

C_DET, C_SEG, C_CLS = 5 + 10, 21, 10


def build_head(**kw):
    kw.setdefault('in_channels', 8)
    head = MODELS.build(dict(type='UnifiedHead', feat_channels=16, **kw))
    head.init_weights()
    return head.eval()


def grads(module):
    return sum(float(p.grad.abs().sum()) for p in module.parameters()
               if p.grad is not None)


@pytest.mark.parametrize('task', ['det', 'seg', 'cls'])
def test_loss_of_a_task_reaches_only_its_own_block(task):
    head = build_head(private_channels=dict(cls=8))
    out = head(torch.randn(2, 8, 6, 6))
    assert out.shape == (2, C_DET + C_SEG + C_CLS, 6, 6)
    head.split(out)[task].square().sum().backward()
    shared, private = grads(head.convs), grads(head.private_convs)
    if task == 'cls':
        assert shared == 0 and private > 0
    else:
        assert shared > 0 and private == 0
    # the masked entries of the output conv get no gradient either
    w = head.out_conv.weight.grad[:, :, 0, 0]
    reads = w[head.task_slices()[task]].abs().sum(0) > 0
    expect = torch.zeros(16 + 8, dtype=torch.bool)
    expect[16:] = task == 'cls'
    expect[:16] = task != 'cls'
    assert torch.equal(reads, expect)


def test_outputs_depend_only_on_their_block():
    head = build_head(private_channels=dict(cls=8))
    x = torch.randn(2, 8, 6, 6)
    ref = head.split(head(x))
    with torch.no_grad():
        head.private_convs.cls[0].weight.add_(1.0)
    moved = head.split(head(x))
    assert torch.equal(moved['det'], ref['det'])
    assert torch.equal(moved['seg'], ref['seg'])
    assert not torch.allclose(moved['cls'], ref['cls'])
    with torch.no_grad():
        head.convs[0].weight.add_(1.0)
    moved2 = head.split(head(x))
    assert torch.equal(moved2['cls'], moved['cls'])
    assert not torch.allclose(moved2['det'], moved['det'])


def test_no_private_channels_keeps_the_plain_head():
    head = build_head()
    keys = set(head.state_dict())
    assert not any('private' in k or 'mask' in k for k in keys)
    assert head.out_conv.weight.shape == (C_DET + C_SEG + C_CLS, 16, 1, 1)
    # the mask is derived, not saved: checkpoints hold real weights only
    priv = build_head(private_channels=dict(cls=8))
    assert 'out_mask' not in priv.state_dict()
    assert priv.out_conv.weight.shape == (C_DET + C_SEG + C_CLS, 24, 1, 1)


def test_unknown_private_task_is_refused():
    with pytest.raises(ValueError, match="tasks are det, seg, cls"):
        build_head(private_channels=dict(depth=8))


def test_a_private_block_runs_only_for_its_task():
    head = build_head(private_channels=dict(cls=8))
    x = torch.randn(2, 8, 6, 6)
    with torch.no_grad():
        full = head.split(head(x))
        part = head.split(head(x, tasks=('det', 'seg')))
    # det/seg logits exactly as with the block
    torch.testing.assert_close(part['det'], full['det'])
    torch.testing.assert_close(part['seg'], full['seg'])
    # classification's channels hold only the output bias without it
    torch.testing.assert_close(part['cls'], head.out_conv.bias[-C_CLS:]
                               .expand(2, C_CLS))
    # in training, its BatchNorm statistics see only its own task's images
    bn = head.private_convs.cls[1]
    stats = bn.running_mean.clone()
    head.train()(x, tasks=('det', 'seg'))
    assert torch.equal(bn.running_mean, stats)
    head(x, tasks=('cls', ))
    assert not torch.equal(bn.running_mean, stats)


def test_model_skips_the_private_block_on_other_tasks_batches():
    """In training, det/seg batches leave the classification block's
    BatchNorm statistics alone; a loss term (LwF) makes every block run."""
    from mmengine.structures import InstanceData

    from onehead.structures import MultiTaskDataSample
    model = MODELS.build(dict(
        type='MultiTaskModel',
        backbone=dict(type='MobileNetV2', out_indices=(2, 3, 4)),
        neck=dict(type='SingleFPN', out_channels=8),
        head=dict(type='UnifiedHead', feat_channels=16,
                  private_channels=dict(cls=8)))).train()
    bn = model.head.private_convs.cls[1]
    stats = bn.running_mean.clone()
    sample = MultiTaskDataSample(metainfo=dict(task='det',
                                               img_shape=(64, 64)))
    sample.gt_instances = InstanceData(
        bboxes=torch.tensor([[8., 8., 40., 40.]]), labels=torch.tensor([1]))
    losses = model.loss(torch.randn(1, 3, 64, 64), [sample])
    assert torch.isfinite(sum(v for k, v in losses.items()
                              if k.startswith('det.')))
    assert torch.equal(bn.running_mean, stats)
    model.add_loss_term('probe', lambda m, groups: {})
    model.loss(torch.randn(1, 3, 64, 64), [sample])
    assert not torch.equal(bn.running_mean, stats)


def build_model_with_private_neck(neck_channels=4):
    """A small model with private cls head channels and, unless
    ``neck_channels`` is None, private cls neck channels."""
    private = None if neck_channels is None else dict(cls=neck_channels)
    model = MODELS.build(dict(
        type='MultiTaskModel',
        backbone=dict(type='MobileNetV2', out_indices=(2, 3, 4)),
        neck=dict(type='SingleFPN', out_channels=8,
                  private_channels=private),
        head=dict(type='UnifiedHead', feat_channels=16,
                  private_channels=dict(cls=8))))
    model.init_weights()
    return model


def test_private_neck_channels_feed_only_their_task():
    model = build_model_with_private_neck().eval()
    assert model.neck.out_channels == dict(shared=8, cls=4)
    assert model.head.convs[0].in_channels == 8
    assert model.head.private_convs.cls[0].in_channels == 4
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():  # the neck gives its maps by task, not stacked
        maps = model.neck(model.backbone(x), ('cls', ))
    assert {k: v.shape[1] for k, v in maps.items()} == dict(shared=8, cls=4)
    with torch.no_grad():
        full = model.head.split(model._forward(x))
        part = model.head.split(model._forward(x, ('det', 'seg')))
    torch.testing.assert_close(part['det'], full['det'])
    torch.testing.assert_close(part['seg'], full['seg'])
    # classification's loss reaches its neck block, not the shared neck
    model.head.split(model._forward(x, ('cls', )))['cls'].sum().backward()
    assert grads(model.neck.private) > 0
    assert grads(model.neck.laterals) == 0 and grads(model.neck.fuse) == 0
    model.zero_grad()
    model.head.split(model._forward(x, ('det', )))['det'].sum().backward()
    assert grads(model.neck.laterals) > 0 and grads(model.neck.private) == 0


def test_private_neck_channels_without_a_private_head_block_are_refused():
    with pytest.raises(ValueError, match='needs private_channels'):
        build_head(in_channels=dict(shared=8, cls=4))


def test_a_block_new_in_this_stage_is_named_when_loading(tmp_path):
    """A stage that adds a neck of the new task's own loads the previous
    stage's checkpoint and says which modules start fresh."""
    from onehead.utils import check_fit
    old = build_model_with_private_neck(neck_channels=None)
    path = str(tmp_path / 'stage2.pth')
    torch.save(dict(state_dict=old.state_dict()), path)
    new = build_model_with_private_neck(neck_channels=8)
    assert check_fit(new, path) == ['neck.private']
    assert check_fit(old, path) == []


def test_detection_and_classification_each_with_a_neck_and_head_block():
    """The `locked_scale` layout: seg reads the shared neck and head only,
    det and cls each their own neck and head blocks."""
    model = MODELS.build(dict(
        type='MultiTaskModel',
        backbone=dict(type='MobileNetV2', out_indices=(2, 3, 4)),
        neck=dict(type='SingleFPN', out_channels=8,
                  private_channels=dict(det=4, cls=6)),
        head=dict(type='UnifiedHead', feat_channels=16,
                  private_channels=dict(cls=8, det=8))))
    model.init_weights()
    model.eval()
    assert model.neck.out_channels == dict(shared=8, det=4, cls=6)
    assert model.head.private_convs.det[0].in_channels == 4
    assert model.head.private_convs.cls[0].in_channels == 6
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        full = model.head.split(model._forward(x))
        for task in ('det', 'seg', 'cls'):
            alone = model.head.split(model._forward(x, (task, )))[task]
            torch.testing.assert_close(alone, full[task])
    parts = dict(shared=(model.neck.laterals, model.neck.fuse,
                         model.head.convs),
                 det=(model.neck.private.det, model.head.private_convs.det),
                 cls=(model.neck.private.cls, model.head.private_convs.cls))
    for task, owner in (('det', 'det'), ('seg', 'shared'), ('cls', 'cls')):
        model.zero_grad()
        model.head.split(model._forward(x, (task, )))[task].sum().backward()
        for name, modules in parts.items():
            reached = sum(grads(m) for m in modules) > 0
            assert reached == (name == owner), (task, name)


def build_locked_deep_model():
    """`locked_deep`'s layout, small: det also has the backbone's stride-16
    and stride-32 stages of its own."""
    model = MODELS.build(dict(
        type='MultiTaskModel',
        backbone=dict(type='MobileNetV2', out_indices=(2, 3, 4),
                      private_stages=dict(det=3)),
        neck=dict(type='SingleFPN', out_channels=8,
                  private_channels=dict(det=4)),
        head=dict(type='UnifiedHead', feat_channels=16,
                  private_channels=dict(det=8)),
        frozen=['backbone.features', 'neck.laterals', 'neck.fuse',
                'head.convs'], norm_eval=True))
    model.init_weights()
    return model


def test_private_backbone_stages_start_as_the_shared_ones():
    model = build_locked_deep_model().eval()
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        feats = model.backbone(x)
    assert set(feats) == {'shared', 'det'}
    assert [f.shape[1] for f in feats['det']] == [32, 96, 320]
    for own, shared in zip(feats['det'], feats['shared']):
        torch.testing.assert_close(own, shared)
    # the stride-8 level is the shared one itself, not a copy
    assert feats['det'][0] is feats['shared'][0]
    with torch.no_grad():  # only asked-for tasks run their stages
        assert set(model.backbone(x, ('seg', ))) == {'shared'}
    assert len(model.backbone.private.det) == len(
        model.backbone.features) - 7  # features[7:]: strides 16 and 32


def test_detection_trains_its_backbone_stages_and_seg_stays_exact():
    model = build_locked_deep_model()
    x = torch.randn(2, 3, 64, 64)
    model.eval()
    with torch.no_grad():
        before = model.head.split(model._forward(x))
    model.train()
    model.head.split(model._forward(x, ('det', )))['det'].square().sum() \
        .backward()
    assert grads(model.backbone.private) > 0
    assert all(p.grad is None for p in model.backbone.features.parameters())
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad],
                          lr=0.1)
    opt.step()
    model.eval()
    with torch.no_grad():
        after = model.head.split(model._forward(x))
    assert torch.equal(after['seg'], before['seg'])
    assert torch.equal(after['cls'], before['cls'])
    assert not torch.allclose(after['det'], before['det'])


def test_private_backbone_stages_need_a_private_neck():
    with pytest.raises(ValueError, match=r"private_stages of \['det'\]"):
        MODELS.build(dict(
            type='MultiTaskModel',
            backbone=dict(type='MobileNetV2', private_stages=dict(det=3)),
            neck=dict(type='SingleFPN', out_channels=8,
                      private_channels=dict(cls=4)),
            head=dict(type='UnifiedHead', feat_channels=16,
                      private_channels=dict(cls=8))))
    with pytest.raises(ValueError, match=r"private_stages\['det'\] = 5"):
        MODELS.build(dict(type='MobileNetV2', out_indices=(2, 3, 4),
                          private_stages=dict(det=5)))
