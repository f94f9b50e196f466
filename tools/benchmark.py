"""Budgets of the challenge, measured: parameters, FLOPs, latency, memory.

    python tools/benchmark.py [CONFIG] [CHECKPOINT] [--runs 10] [--out F]
    python tools/benchmark.py CHECKPOINT.pth     # the model saved in it

Prints a table and writes JSON (default ``work_dirs/benchmark/
benchmark.json``): parameters per component, FLOPs at 512x512, batch-1
latency (median and p90 after warm-up) of the model alone and end to end
(letterbox + normalise + forward + box decoding/NMS + segmentation
upsampled to the original size), batch-8 throughput and peak memory, in
fp32 and bf16 + channels_last on CPU (fp32 + channels_last instead of bf16
on a CPU without native bf16; fp32/fp16 on CUDA when present),
plus a plain MobileNetV2 backbone timed in the same run so each figure
also reads as a ratio that holds across machines. Pass/fail against the
budgets: < 8M parameters, < 150 ms per 512x512 image; beside them the
challenge's structural rules (``tools/check_challenge.py``).
"""
import argparse
import dataclasses
import json
import os
import os.path as osp
import platform
import resource
import statistics
import time

import numpy as np
import torch

from onehead.apis import enable_fast_path, inference_model, init_model
from onehead.apis.challenge import check_challenge, format_verdicts
from onehead.utils import cpu_bf16_is_native

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
DEFAULT_CONFIG = osp.join(ROOT, 'configs', 'stage3_cls.py')
PARAM_BUDGET = 8_000_000
LATENCY_BUDGET_MS = 150.0


def timeit(fn, runs: int, warmup: int, sync=None):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        if sync:
            sync()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return dict(median_ms=statistics.median(times),
                p90_ms=times[min(len(times) - 1, int(0.9 * len(times)))],
                runs=runs)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def count_flops(model, size) -> float:
    from mmengine.analysis import get_model_complexity_info
    from export_onnx import UnifiedTensorModel
    info = get_model_complexity_info(
        UnifiedTensorModel(model).eval(),
        inputs=(torch.zeros(1, 3, *size), ), show_table=False,
        show_arch=False)
    return float(info['flops'])


def bench_mode(model, backbone, name, device, dtype, channels_last, size,
               image, runs, warmup):
    model.to(device)
    backbone.to(device)
    model.autocast = None if dtype is None else str(dtype).split('.')[-1]
    model.data_preprocessor.channels_last = channels_last
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    x1 = torch.randn(1, 3, *size, device=device).contiguous(
        memory_format=fmt)
    x8 = torch.randn(8, 3, *size, device=device).contiguous(
        memory_format=fmt)
    if channels_last:
        model.to(memory_format=torch.channels_last)
        backbone.to(memory_format=torch.channels_last)
    sync = torch.cuda.synchronize if device.type == 'cuda' else None
    if device.type == 'cuda':
        torch.cuda.reset_peak_memory_stats()
    ac = (torch.autocast(device.type, dtype=dtype) if dtype is not None
          else torch.autocast(device.type, enabled=False))

    def backbone_fwd():
        with ac:
            backbone(x1)

    with torch.no_grad():
        res = dict(mode=name)
        res['backbone'] = timeit(backbone_fwd, runs, warmup, sync)
        res['model'] = timeit(lambda: model(x1, mode='tensor'), runs,
                              warmup, sync)
        res['end_to_end'] = timeit(lambda: inference_model(model, image),
                                   runs, warmup, sync)
        t8 = timeit(lambda: model(x8, mode='tensor'), max(3, runs // 5),
                    1, sync)
    res['throughput_b8_img_s'] = 8000.0 / t8['median_ms']
    res['peak_mem_mb'] = (torch.cuda.max_memory_allocated() / 2**20
                          if device.type == 'cuda' else peak_rss_mb())
    res['peak_mem_kind'] = ('cuda allocated' if device.type == 'cuda' else
                            'process max RSS')
    for k in ('model', 'end_to_end'):
        res[k]['x_backbone'] = res[k]['median_ms'] / \
            res['backbone']['median_ms']
    res['latency_pass'] = res['end_to_end']['median_ms'] < LATENCY_BUDGET_MS
    model.to(memory_format=torch.contiguous_format)
    return res


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config', nargs='?', default=DEFAULT_CONFIG)
    p.add_argument('checkpoint', nargs='?')
    p.add_argument('--size', type=int, nargs=2, default=[512, 512])
    p.add_argument('--image', help='image for the end-to-end timing '
                   '(default: a random 640x480 picture)')
    p.add_argument('--runs', type=int, default=10,
                   help='timed runs per figure (more: steadier medians)')
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--modes', nargs='+',
                   choices=['fp32', 'bf16', 'fp32-cl', 'cuda-fp32',
                            'cuda-fp16'],
                   help='default: fp32 and what --amp runs on this CPU: '
                   'bf16 + channels_last where bf16 is native, else fp32 + '
                   'channels_last (fp32-cl); plus the CUDA modes on a GPU')
    p.add_argument('--fuse-conv-bn', action='store_true',
                   help='fold BatchNorm into the convolutions first')
    p.add_argument('--out', default='work_dirs/benchmark/benchmark.json')
    args = p.parse_args()

    import sys
    sys.path.insert(0, osp.join(ROOT, 'tools'))
    from torchvision.models import mobilenet_v2

    from onehead.datasets import read_rgb
    from mmengine.config import Config
    if args.config.endswith(('.pth', '.pt')) and args.checkpoint is None:
        # a checkpoint alone: the model of the config saved in it
        args.config, args.checkpoint = None, args.config
        cfg = None
    else:
        cfg = Config.fromfile(args.config)
        if args.checkpoint is None:  # timing needs no ImageNet weights
            cfg.model.backbone.init_cfg = None
    model = init_model(cfg, args.checkpoint)
    rules = check_challenge(model)
    model = enable_fast_path(model, fuse=args.fuse_conv_bn)
    size = tuple(args.size)
    model.cfg['infer_scale'] = size
    image = (read_rgb(args.image) if args.image else np.random.RandomState(
        0).randint(0, 255, (480, 640, 3), np.uint8))
    backbone = mobilenet_v2().features.eval()
    counts = model.param_counts()
    result = dict(
        config=(f'saved in {args.checkpoint}' if args.config is None else
                osp.relpath(args.config, ROOT)
                if args.config.startswith(ROOT) else args.config),
        checkpoint=args.checkpoint, input_size=list(size),
        fuse_conv_bn=args.fuse_conv_bn,
        image_size=list(image.shape[:2]), params=counts,
        params_pass=counts['total'] < PARAM_BUDGET,
        flops_512=count_flops(model, size),
        machine=dict(cpu=platform.processor() or platform.machine(),
                     threads=torch.get_num_threads(),
                     torch=torch.__version__,
                     cuda=torch.cuda.get_device_name()
                     if torch.cuda.is_available() else None),
        budgets=dict(params=PARAM_BUDGET, latency_ms=LATENCY_BUDGET_MS),
        challenge=[dataclasses.asdict(r) for r in rules],
        modes=[])
    modes = list(args.modes or ['fp32', 'bf16'])
    if args.modes is None and not cpu_bf16_is_native():
        # emulated bf16 is tens of times slower: a figure of the emulation
        modes[1] = 'fp32-cl'
        result['skipped'] = {'bf16': 'this CPU has no native bf16 (' +
                             torch.backends.cpu.get_cpu_capability() +
                             '); --modes bf16 times the emulation'}
    if torch.cuda.is_available() and 'cuda-fp32' not in modes:
        modes += ['cuda-fp32', 'cuda-fp16']
    for mode in modes:
        if mode.startswith('cuda') and not torch.cuda.is_available():
            continue
        device = torch.device('cuda' if mode.startswith('cuda') else 'cpu')
        dtype = dict(bf16=torch.bfloat16, fp32=None, **{
            'fp32-cl': None, 'cuda-fp32': None,
            'cuda-fp16': torch.float16})[mode]
        channels_last = mode in ('bf16', 'fp32-cl')
        result['modes'].append(bench_mode(
            model, backbone, mode, device, dtype, channels_last, size,
            image, args.runs, args.warmup))
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    with open(args.out, 'w') as f:
        json.dump(result, f, indent=2)

    pf = 'PASS' if result['params_pass'] else 'FAIL'
    lines = [
        f'config {result["config"]}, input {size[0]}x{size[1]}, '
        f'{result["machine"]["threads"]} threads'
        + (', BatchNorm fused into the convolutions' if args.fuse_conv_bn
           else ''),
        'params: ' + ', '.join(f'{k} {v / 1e6:.3f}M'
                               for k, v in counts.items()) + f'  [{pf} < 8M]',
        f'FLOPs at {size[0]}x{size[1]}: {result["flops_512"] / 1e9:.2f} G',
        f'{"mode":<10}{"backbone ms":>12}{"model ms":>10}{"p90":>8}'
        f'{"e2e ms":>9}{"p90":>8}{"e2e/bb":>8}{"b8 img/s":>10}'
        f'{"mem MB":>8}  < 150 ms']
    for r in result['modes']:
        lines.append(
            f'{r["mode"]:<10}{r["backbone"]["median_ms"]:>12.1f}'
            f'{r["model"]["median_ms"]:>10.1f}{r["model"]["p90_ms"]:>8.1f}'
            f'{r["end_to_end"]["median_ms"]:>9.1f}'
            f'{r["end_to_end"]["p90_ms"]:>8.1f}'
            f'{r["end_to_end"]["x_backbone"]:>8.2f}'
            f'{r["throughput_b8_img_s"]:>10.1f}{r["peak_mem_mb"]:>8.0f}'
            f'  {"PASS" if r["latency_pass"] else "FAIL"}')
    lines += [f'{mode:<10}skipped: {why}'
              for mode, why in result.get('skipped', {}).items()]
    text = '\n'.join(lines) + '\n' + format_verdicts(rules)
    print(text)
    txt = osp.splitext(args.out)[0] + '.txt'
    with open(txt, 'w') as f:
        f.write(text + '\n')
    print(f'written {args.out}, {txt}')


if __name__ == '__main__':
    main()
