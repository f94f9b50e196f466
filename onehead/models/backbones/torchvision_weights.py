"""torchvision's ImageNet weights, found without surprises.

``init_cfg=dict(type='Pretrained', checkpoint='torchvision://NAME')`` with
NAME a torchvision model (``mobilenet_v3_small``, ``efficientnet_b0``)
takes its ``IMAGENET1K_V1`` file from, in this order: ``$ONEHEAD_WEIGHTS``
(a folder), torch's checkpoint cache (``~/.cache/torch/hub/checkpoints``),
or a download from torchvision's address when the machine is online. The
file's SHA-256 must begin with the hash prefix torchvision puts in the file
name. A machine with neither the file nor a network gets an error naming
the file to fetch and where to put it. Nothing is fetched unless a config
asks for these weights; a config may also name a local file directly
(``checkpoint='/path/to/file.pth'``).
"""
import hashlib
import os
import os.path as osp

import torch
from mmengine.runner.checkpoint import CheckpointLoader

#: scheme name -> torchvision's weights enum (its ImageNet entry)
TORCHVISION_WEIGHTS = dict(
    mobilenet_v3_small='MobileNet_V3_Small_Weights',
    efficientnet_b0='EfficientNet_B0_Weights',
)


class WeightsNotFoundError(FileNotFoundError):
    """ImageNet weights were asked for and cannot be had here."""


def weights_url(name: str) -> str:
    import torchvision.models as tvm
    if name not in TORCHVISION_WEIGHTS:
        raise KeyError(f'torchvision://{name}: known names are '
                       f'{sorted(TORCHVISION_WEIGHTS)}')
    return getattr(tvm, TORCHVISION_WEIGHTS[name]).IMAGENET1K_V1.url


def check_sha256(path: str) -> None:
    """torchvision's files are named ``<name>-<first hex of SHA-256>.pth``."""
    prefix = osp.splitext(osp.basename(path))[0].rsplit('-', 1)[-1]
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    if not h.hexdigest().startswith(prefix):
        raise ValueError(f'{path}: SHA-256 {h.hexdigest()[:12]}... does not '
                         f'begin with {prefix}, the hash in its name: a '
                         'corrupt or foreign file; delete it and fetch it '
                         'again')


def find_weights(name: str) -> str:
    """Local path of torchvision's ImageNet weights for ``name``."""
    url = weights_url(name)
    filename = osp.basename(url)
    cache = osp.join(torch.hub.get_dir(), 'checkpoints')
    places = [osp.join(d, filename) for d in (
        os.environ.get('ONEHEAD_WEIGHTS'), cache) if d]
    for path in places:
        if osp.isfile(path):
            check_sha256(path)
            return path
    target = places[-1]
    try:
        os.makedirs(cache, exist_ok=True)
        torch.hub.download_url_to_file(url, target, hash_prefix=None,
                                       progress=False)
    except Exception as e:  # offline: say what to fetch and where
        raise WeightsNotFoundError(
            f'ImageNet weights for {name} are not on this machine and '
            f'could not be downloaded ({type(e).__name__}). Fetch {url} '
            f'on a machine with internet and put it at {target} (or in '
            f'the folder $ONEHEAD_WEIGHTS), or set the backbone\'s '
            'init_cfg=None to train from random initialisation') from None
    check_sha256(target)
    return target


@CheckpointLoader.register_scheme(prefixes='torchvision://', force=True)
def load_from_torchvision(filename: str, map_location=None):
    path = find_weights(filename[len('torchvision://'):])
    return torch.load(path, map_location=map_location, weights_only=True)
