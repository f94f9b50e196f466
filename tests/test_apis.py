"""init_model / inference_model and tools/infer.py on a real image."""
import glob
import os.path as osp
import subprocess
import sys

import numpy as np
import torch
from mmengine.runner import save_checkpoint

from onehead.apis import inference_model, init_model
from tests_helpers import ROOT, load_config

CFG = 'configs/single_task/det_mobilenetv2.py'


def random_checkpoint(path):
    cfg = load_config(CFG)
    cfg.model.backbone.init_cfg = None
    model = init_model(cfg)
    torch.nn.init.constant_(model.head.out_conv.bias, 0.0)  # boxes appear
    save_checkpoint(model.state_dict(), path)
    return model


def test_inference_model_all_tasks(tmp_path):
    ckpt = str(tmp_path / 'm.pth')
    random_checkpoint(ckpt)
    model = init_model(osp.join(ROOT, CFG), ckpt)
    img = np.random.RandomState(0).randint(0, 255, (300, 410, 3), np.uint8)
    s = inference_model(model, img)
    assert s.pred_sem_seg.data.shape == (1, 300, 410)
    assert s.pred_score.shape == (10, )
    b = s.pred_instances.bboxes
    assert b.shape[1] == 4 and len(b) > 0
    assert b[:, 2].max() <= 410 and b[:, 3].max() <= 300
    assert model.class_names['det'][0] == 'person'
    assert model.class_names['seg'][15] == 'person'


def test_infer_tool_writes_picture(shared_data, tmp_path):
    ckpt = str(tmp_path / 'm.pth')
    random_checkpoint(ckpt)
    image = sorted(glob.glob(osp.join(shared_data, 'mini_coco_det', 'val',
                                      '*.jpg')))[0]
    out = str(tmp_path / 'vis.png')
    r = subprocess.run([sys.executable, osp.join(ROOT, 'tools', 'infer.py'),
                        image, osp.join(ROOT, CFG), ckpt, '--out', out,
                        '--score-thr', '0.0'], capture_output=True,
                       text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert 'top-3:' in r.stdout and 'picture written' in r.stdout
    import cv2
    vis, src = cv2.imread(out), cv2.imread(image)
    assert vis.shape == src.shape
    assert (vis != src).mean() > 0.01  # boxes, mask and labels were drawn


def _randomise_bn(model):
    """Non-trivial BatchNorm statistics, so that folding them matters."""
    g = torch.Generator().manual_seed(0)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=g))
            m.running_var.copy_(torch.rand(m.num_features, generator=g) + .5)
            m.weight.data.copy_(torch.rand(m.num_features, generator=g) + .5)


def test_fuse_conv_bn_keeps_outputs():
    """The fast path's BatchNorm folding removes every BatchNorm and keeps
    the single output tensor within float tolerance; the predictions (boxes,
    mask, class) of an image are unchanged."""
    import copy

    from onehead.apis import enable_fast_path
    cfg = load_config(CFG)
    cfg.model.backbone.init_cfg = None
    model = init_model(cfg)
    _randomise_bn(model)
    model.eval()
    fused = enable_fast_path(copy.deepcopy(model), fuse=True)
    assert not any(isinstance(m, torch.nn.BatchNorm2d)
                   for m in fused.modules())
    x = torch.randn(2, 3, 128, 160)
    with torch.no_grad():
        ref, out = model(x, mode='tensor'), fused(x, mode='tensor')
    assert out.shape == ref.shape
    torch.testing.assert_close(out, ref, rtol=1e-4, atol=1e-4)
    img = np.random.RandomState(1).randint(0, 255, (200, 260, 3), np.uint8)
    a, b = inference_model(model, img), inference_model(fused, img)
    assert a.pred_sem_seg.data.shape == (1, 200, 260)
    assert (a.pred_sem_seg.data != b.pred_sem_seg.data).float().mean() < 1e-3
    assert a.pred_score.argmax() == b.pred_score.argmax()
