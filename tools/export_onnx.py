"""Export the single-tensor forward to ONNX.

    python tools/export_onnx.py CONFIG CHECKPOINT --out onehead.onnx

The graph takes RGB pixels ``float32 [B, 3, H, W]`` in 0..255 (the
normalisation is inside) and returns the unified head tensor
``[B, (5 + C_det) + C_seg + C_cls, H/s, W/s]``; split and decode it as
``UnifiedHead.split`` / ``predict`` do. ``--check`` compares onnxruntime's
output with PyTorch's.
"""
import argparse

import numpy as np
import torch

from onehead.apis import init_model


class UnifiedTensorModel(torch.nn.Module):
    """Normalisation + backbone + neck + head, fp32, one output."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.register_buffer('mean', model.data_preprocessor.mean[None])
        self.register_buffer('std', model.data_preprocessor.std[None])

    def forward(self, x):
        x = (x - self.mean) / self.std
        return self.model.head(self.model.neck(self.model.backbone(x)))


def export(model, out: str, size=(512, 512), opset: int = 17) -> str:
    wrapper = UnifiedTensorModel(model.float().eval()).eval()
    dummy = torch.rand(1, 3, *size) * 255
    torch.onnx.export(wrapper, (dummy, ), out, input_names=['image'],
                      output_names=['unified'], opset_version=opset,
                      dynamo=False,
                      dynamic_axes={'image': {0: 'batch'},
                                    'unified': {0: 'batch'}})
    return out


def check(model, path: str, size=(512, 512), seed: int = 0) -> float:
    """Largest |onnxruntime - PyTorch| on a random image batch."""
    import onnxruntime as ort
    x = torch.rand(2, 3, *size, generator=torch.Generator().manual_seed(
        seed)) * 255
    with torch.no_grad():
        ref = UnifiedTensorModel(model.float().eval())(x).numpy()
    sess = ort.InferenceSession(path, providers=['CPUExecutionProvider'])
    got = sess.run(None, {'image': x.numpy()})[0]
    return float(np.abs(got - ref).max())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--out', default='onehead.onnx')
    p.add_argument('--size', type=int, nargs=2, default=[512, 512],
                   metavar=('H', 'W'))
    p.add_argument('--opset', type=int, default=17)
    p.add_argument('--check', action='store_true',
                   help='compare with PyTorch through onnxruntime')
    args = p.parse_args()
    model = init_model(args.config, args.checkpoint)
    export(model, args.out, tuple(args.size), args.opset)
    print(f'written {args.out}')
    if args.check:
        err = check(model, args.out, tuple(args.size))
        print(f'max |onnxruntime - pytorch| = {err:.3e}')
        if err > 1e-4:
            raise SystemExit('outputs differ by more than 1e-4')


if __name__ == '__main__':
    main()
