"""FrozenRowsHook: the leading output channels of a layer stay bit-exactly
where training found them, under AdamW's weight decay too, while the other
channels learn."""
from types import SimpleNamespace

import pytest
import torch
from mmengine.logging import MMLogger

from onehead.engine.hooks import FrozenRowsHook


def make_runner():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 6, 3, padding=1),
                                torch.nn.ReLU(), torch.nn.Conv2d(6, 2, 1))
    return SimpleNamespace(model=model, logger=MMLogger.get_current_instance())


def train(runner, hook, steps=3):
    opt = torch.optim.AdamW(runner.model.parameters(), lr=0.1,
                            weight_decay=0.5)
    x = torch.randn(4, 3, 8, 8)
    losses = []
    for i in range(steps):
        loss = runner.model(x).square().mean()
        opt.zero_grad()
        loss.backward()
        conv = runner.model[0]
        assert conv.weight.grad[:4].abs().sum() == 0
        assert conv.bias.grad[:4].abs().sum() == 0
        assert conv.weight.grad[4:].abs().sum() > 0
        opt.step()
        hook.after_train_iter(runner, i)
        losses.append(loss.item())
    return losses


def test_the_leading_rows_stay_and_the_others_learn():
    runner = make_runner()
    conv = runner.model[0]
    before = conv.weight.detach().clone(), conv.bias.detach().clone()
    hook = FrozenRowsHook(rows={'0': 4})
    hook.before_train(runner)
    losses = train(runner, hook)
    assert torch.equal(conv.weight[:4], before[0][:4])
    assert torch.equal(conv.bias[:4], before[1][:4])
    assert not torch.equal(conv.weight[4:], before[0][4:])
    assert losses[-1] < losses[0]
    hook.after_train(runner)
    loss = runner.model(torch.randn(1, 3, 8, 8)).sum()
    loss.backward()  # the gradient hooks are gone with the training
    assert conv.weight.grad[:4].abs().sum() > 0


def test_a_later_training_keeps_the_rows_the_model_holds_then():
    runner = make_runner()
    conv = runner.model[0]
    with torch.no_grad():
        conv.weight[:4] = 1.0  # as a checkpoint of the first stage left it
    hook = FrozenRowsHook(rows={'0': 4})
    hook.before_train(runner)
    train(runner, hook, steps=2)
    assert torch.equal(conv.weight[:4], torch.ones_like(conv.weight[:4]))


def test_rows_beyond_the_layer_are_an_error():
    with pytest.raises(ValueError, match='0 has no weight with 7 rows'):
        FrozenRowsHook(rows={'0': 7}).before_train(make_runner())
    with pytest.raises(ValueError, match='no rows given'):
        FrozenRowsHook(rows={})


def test_rows_named_by_tasks_are_the_leading_rows_they_fill():
    """``['det', 'seg']`` resolves, on the model at hand, to the rows of
    those tasks' channels when they lead the head's output; tasks that
    do not lead it, or that it lacks, are an error."""
    head = SimpleNamespace(task_slices=lambda: dict(
        det=slice(0, 3), seg=slice(3, 5), cls=slice(5, 6)))
    runner = make_runner()
    runner.model.head = head
    hook = FrozenRowsHook(rows={'0': ['seg', 'det']})
    hook.before_train(runner)
    assert hook.rows == {'0': 5} and len(hook.kept['0']['weight']) == 5
    with pytest.raises(ValueError, match='do not lead'):
        FrozenRowsHook(rows={'0': ['cls']}).before_train(runner)
    with pytest.raises(ValueError, match='no task'):
        FrozenRowsHook(rows={'0': ['depth']}).before_train(runner)


def conv_nodes(out):
    """``{(output channels, whether its weight gets a gradient)}`` of each
    convolution in the autograd graph of ``out``."""
    found, todo, seen = set(), [out.grad_fn], set()
    while todo:
        node = todo.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        if type(node).__name__ == 'ConvolutionBackward0':
            found.add((node._saved_weight.shape[0],
                       node.next_functions[1][0] is not None))
        todo += [f for f, _ in node.next_functions]
    return found


def test_the_kept_rows_of_a_conv_skip_their_weight_gradient():
    """During training the kept rows come from detached weights: the
    backward pass computes no weight gradient for them, the outputs are the
    one convolution's, and a deepcopy (a teacher) computes with its own
    weights."""
    import copy
    runner = make_runner()
    conv = runner.model[0]
    x = torch.randn(2, 3, 8, 8, requires_grad=True)  # as a lower layer's
    plain = conv(x)
    assert conv_nodes(plain) == {(6, True)}
    hook = FrozenRowsHook(rows={'0': 4})
    hook.before_train(runner)
    split = conv(x)
    torch.testing.assert_close(split, plain, rtol=1e-5, atol=1e-6)
    assert conv_nodes(split) == {(4, False), (2, True)}
    teacher = copy.deepcopy(runner.model)
    x = x.detach()
    with torch.no_grad():
        teacher[0].weight.zero_()
        teacher[0].bias.zero_()
    assert teacher[0](x).abs().sum() == 0
    torch.testing.assert_close(conv(x), plain, rtol=1e-5, atol=1e-6)
    hook.after_train(runner)
    assert '_conv_forward' not in vars(conv)  # one convolution again
    assert conv_nodes(conv(x)) == {(6, True)}


def test_a_conv_kept_whole_computes_without_its_weight_gradient():
    runner = make_runner()
    conv = runner.model[2]  # 2 output channels, both kept
    hook = FrozenRowsHook(rows={'2': 2})
    hook.before_train(runner)
    out = runner.model(torch.randn(1, 3, 8, 8))
    assert out.shape == (1, 2, 8, 8)
    assert conv_nodes(out) == {(6, True), (2, False)}
    out.sum().backward()
    assert conv.weight.grad is None
