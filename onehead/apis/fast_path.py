"""CPU inference speed-ups, off by default (fp32 without fusion is exact)."""
from mmcv.cnn import fuse_conv_bn

from onehead.utils import amp_autocast_dtype


def enable_fast_path(model, amp: bool = False, fuse: bool = False):
    """``amp``: bf16 autocast + channels_last inputs (roughly halves the
    convolutions' time on CPUs with AMX/AVX512-BF16; fp32 + channels_last
    on a CPU without native bf16, see ``amp_autocast_dtype``). ``fuse``:
    fold every BatchNorm into the convolution before it (mmcv's
    ``fuse_conv_bn``), which removes the BatchNorm passes; eval only, the
    fused model cannot train. Both change the outputs within float
    tolerance, not exactly."""
    if amp:
        device = next(model.parameters()).device.type
        model.autocast = amp_autocast_dtype(device)
        model.data_preprocessor.channels_last = True
    if fuse:
        model.eval()
        fuse_conv_bn(model)
    return model
