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
