"""ONNX export of the single-tensor forward matches PyTorch (1e-4)."""

import pytest
import torch

from onehead.apis import init_model
from tests_helpers import import_tool, load_config

pytest.importorskip('onnxruntime')
export_onnx = import_tool('export_onnx')


def test_onnx_matches_pytorch(tmp_path):
    cfg = load_config('configs/stage3_cls.py')
    cfg.model.backbone.init_cfg = None
    model = init_model(cfg)
    torch.manual_seed(0)
    with torch.no_grad():  # non-trivial BN statistics and head
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
        model.head.out_conv.weight.normal_(std=0.2)
    path = export_onnx.export(model, str(tmp_path / 'm.onnx'), (256, 256))
    import onnx
    graph = onnx.load(path).graph
    assert [o.name for o in graph.output] == ['unified']
    err = export_onnx.check(model, path, (256, 256))
    assert err < 1e-4
    out = export_onnx.UnifiedTensorModel(model)(torch.zeros(1, 3, 256, 256))
    assert out.shape == (1, 15 + 21 + 10, 32, 32)
