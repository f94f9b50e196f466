"""SingleFPN's narrower laterals: a finer level's lateral adds into the
map's trailing channels only, so the leading ones carry the deep level's
path alone."""
import pytest
import torch

from onehead.models.necks import SingleFPN


def feats(seed):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(2, c, s, s, generator=g)
            for c, s in ((4, 8), (6, 4), (10, 2))]


def fuse_input(neck, x):
    """What the fuse conv reads (the summed laterals after the ReLU)."""
    seen = []
    handle = neck.fuse.register_forward_pre_hook(
        lambda m, args: seen.append(args[0].detach().clone()))
    out = neck(x)
    handle.remove()
    return seen[0], out


def test_narrow_laterals_write_only_the_trailing_channels():
    torch.manual_seed(0)
    neck = SingleFPN(in_channels=(4, 6, 10), out_channels=8,
                     lateral_channels=(3, 3, 8)).eval()
    assert [lat[0].out_channels for lat in neck.laterals] == [3, 3, 8]
    a, b = feats(0), feats(1)
    b[2] = a[2]  # the deep level alike, the finer levels different
    xa, out = fuse_input(neck, a)
    xb, _ = fuse_input(neck, b)
    assert out.shape == (2, 8, 8, 8)
    assert torch.equal(xa[:, :5], xb[:, :5])
    assert not torch.allclose(xa[:, 5:], xb[:, 5:])
    # the leading channels are the deep level's lateral alone, upsampled
    deep = torch.nn.functional.interpolate(
        neck.laterals[2](a[2]), size=(8, 8), mode='bilinear',
        align_corners=False)
    assert torch.allclose(xa[:, :5], deep[:, :5].relu())
    # and every level's gradient reaches the trailing channels' laterals
    neck.train()
    neck(a).sum().backward()
    assert all(lat[0].weight.grad.abs().sum() > 0 for lat in neck.laterals)


def test_full_width_laterals_are_the_plain_fpn():
    torch.manual_seed(0)
    plain = SingleFPN(in_channels=(4, 6, 10), out_channels=8).eval()
    torch.manual_seed(0)
    given = SingleFPN(in_channels=(4, 6, 10), out_channels=8,
                      lateral_channels=(8, 8, 8)).eval()
    x = feats(0)
    assert torch.equal(plain(x), given(x))


def test_lateral_widths_that_do_not_fit_are_errors():
    with pytest.raises(ValueError, match=r'lateral_channels \(3, 9\) must '
                                         r'give one width in 1..8'):
        SingleFPN(in_channels=(4, 6), out_channels=8,
                  lateral_channels=(3, 9))
    with pytest.raises(ValueError, match='per level of'):
        SingleFPN(in_channels=(4, 6, 10), out_channels=8,
                  lateral_channels=(3, 8))
