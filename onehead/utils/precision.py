"""What ``--amp`` means on the machine at hand.

bf16 autocast halves the convolutions' time on CPUs whose oneDNN kernels
run bf16 natively (AVX512-BF16, AMX, or at least AVX512). Elsewhere (an
AVX2-only CPU) oneDNN emulates it and the same network runs tens of times
slower than in fp32, so ``--amp`` there keeps fp32 and only switches the
inputs to channels_last, which helps on every CPU.
"""
import warnings
from typing import Optional

import torch


def cpu_bf16_is_native() -> bool:
    """Whether this CPU's oneDNN runs bf16 convolutions natively."""
    check = getattr(torch.ops.mkldnn, '_is_mkldnn_bf16_supported', None)
    if check is None:  # a torch without the query: trust the user
        return True
    return bool(check())


def amp_autocast_dtype(device_type: str = 'cpu') -> Optional[str]:
    """The model's ``autocast`` for ``--amp`` on ``device_type``:
    ``'bfloat16'`` on a GPU or where a CPU runs it natively, else ``None``
    (fp32) with a warning saying why."""
    if device_type != 'cpu' or cpu_bf16_is_native():
        return 'bfloat16'
    warnings.warn(
        f'--amp: this CPU ({torch.backends.cpu.get_cpu_capability()}) has '
        'no native bf16: autocast would emulate it, tens of times slower '
        'than fp32; running in fp32 with channels_last inputs instead '
        '(a config\'s model.autocast=\'bfloat16\' without --amp still '
        'forces it)',
        stacklevel=2)
    return None
