"""Distributed training on CPU through mmengine.

mmengine's ``launcher='pytorch'`` calls ``torch.cuda.set_device``, which
fails without a GPU. On a CPU machine we create the gloo process group
first (from torchrun's environment); mmengine then finds it initialised
and skips its own CUDA set-up.
"""
import torch
import torch.distributed as dist


def setup_cpu_distributed(cfg) -> None:
    if torch.cuda.is_available() or dist.is_initialized():
        return
    dist.init_process_group(backend='gloo')
    cfg.env_cfg.setdefault('dist_cfg', {})['backend'] = 'gloo'
    # DDP over CPU tensors: no device_ids
    cfg.model_wrapper_cfg = dict(
        type='onehead.CPUFriendlyDDP', broadcast_buffers=False,
        find_unused_parameters=cfg.get('find_unused_parameters', False))
