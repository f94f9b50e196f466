import os
import os.path as osp

import pytest
from mmengine.registry import init_default_scope

import onehead  # noqa: F401
from onehead.utils import register_all_modules

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
SHARED_DATA = os.environ.get('ONEHEAD_SHARED_DATA',
                             osp.join(ROOT, '..', 'shared', 'data'))

register_all_modules()
init_default_scope('onehead')


@pytest.fixture(scope='session')
def shared_data():
    """The real course-layout data beside the checkout; skip when absent."""
    if not osp.isdir(osp.join(SHARED_DATA, 'mini_coco_det')):
        pytest.skip(f'real data not found at {SHARED_DATA}')
    return osp.abspath(SHARED_DATA)


@pytest.fixture(scope='session')
def sample_data(tmp_path_factory):
    from onehead.datasets.sample_data import generate_sample_data
    root = str(tmp_path_factory.mktemp('sample'))
    generate_sample_data(root, seed=0, num_train=8, num_val=4, img_size=96)
    return root
