"""Bad input gets a clear error naming the file (or a counted skip)."""
import json
import os
import os.path as osp
import shutil

import numpy as np
import pytest
from PIL import Image

from onehead.datasets import DatasetLayoutError
from onehead.datasets.transforms import (ImageLoadError, LoadAnnotations,
                                         LoadImageFromFile)
from onehead.registry import DATASETS
from tests_helpers import corrupt_mask

SHAPES = dict(classes=('circle', 'square', 'triangle'), cat_ids=(1, 2, 3))
SEG_META = dict(classes=('background', 'circle', 'square', 'triangle'))


@pytest.fixture
def data(sample_data, tmp_path):
    root = tmp_path / 'data'
    shutil.copytree(sample_data, root)
    return root


def build_det(root, **kw):
    return DATASETS.build(dict(
        type='MiniCocoDetDataset', data_root=str(root / 'mini_coco_det'),
        ann_file='annotations/instances_train.json',
        data_prefix=dict(img_path='train'), metainfo=SHAPES, **kw))


def build_seg(root, split='train'):
    return DATASETS.build(dict(
        type='MiniVocSegDataset', data_root=str(root / 'mini_voc_seg'),
        ann_file=f'ImageSets/Segmentation/{split}.txt', metainfo=SEG_META))


def edit_ann(root, fn):
    path = root / 'mini_coco_det' / 'annotations' / 'instances_train.json'
    ann = json.loads(path.read_text())
    fn(ann)
    path.write_text(json.dumps(ann))
    return str(path)


def test_truncated_jpeg_names_file(data):
    path = data / 'mini_coco_det' / 'train' / 'train_00000.jpg'
    raw = path.read_bytes()
    path.write_bytes(raw[:len(raw) // 2])
    with pytest.raises(ImageLoadError, match='train_00000.jpg'):
        LoadImageFromFile()(dict(img_path=str(path)))
    path.write_bytes(b'not a jpeg at all')
    with pytest.raises(ImageLoadError, match='cannot decode'):
        LoadImageFromFile()(dict(img_path=str(path)))


@pytest.mark.parametrize('mode', ['L', 'RGBA', 'CMYK', 'P', 'I;16'])
def test_other_colour_modes_are_converted(tmp_path, mode):
    img = Image.new('RGB', (20, 10), (200, 30, 60))
    img = img.convert(mode) if mode != 'I;16' else Image.new(mode, (20, 10))
    ext = '.jpg' if mode in ('L', 'CMYK') else '.png'
    path = str(tmp_path / f'img_{mode.replace(";", "")}{ext}')
    img.save(path)
    out = LoadImageFromFile()(dict(img_path=path))
    assert out['img'].shape == (10, 20, 3) and out['img'].dtype == np.uint8
    assert out['ori_shape'] == (10, 20)
    if mode in ('RGBA', 'P', 'CMYK'):
        assert abs(int(out['img'][5, 5, 0]) - 200) < 8


def test_split_id_without_image_or_mask(data):
    seg = data / 'mini_voc_seg'
    (seg / 'SegmentationClass' / 'train_00002.png').unlink()
    with pytest.raises(DatasetLayoutError,
                       match=r'train.txt:3: .*train_00002.*no mask'):
        build_seg(data)
    (seg / 'JPEGImages' / 'train_00001.jpg').unlink()
    with pytest.raises(DatasetLayoutError, match=r'train_00001.*no image'):
        build_seg(data)


def test_missing_det_image(data):
    (data / 'mini_coco_det' / 'train' / 'train_00003.jpg').unlink()
    with pytest.raises(DatasetLayoutError, match='train_00003.jpg'):
        build_det(data)


def test_unknown_category_id(data):
    path = edit_ann(data, lambda a: a['annotations'][0].update(
        category_id=77))
    with pytest.raises(DatasetLayoutError,
                       match=f'{osp.basename(path)}.*unknown category id 77'):
        build_det(data)


def test_box_outside_image(data):
    edit_ann(data, lambda a: a['annotations'][1].update(
        bbox=[50, 50, 500, 20]))
    with pytest.raises(DatasetLayoutError, match='outside the 96x96 image'):
        build_det(data)


def test_zero_area_box_is_counted_skip(data):
    def zero(a):
        a['annotations'][0]['bbox'][2] = 0
        a['annotations'][1]['bbox'][3] = 0
    edit_ann(data, zero)
    before = sum(1 for _ in json.load(open(
        data / 'mini_coco_det/annotations/instances_train.json'))
        ['annotations'])
    ds = build_det(data)
    kept = sum(len(ds.get_data_info(i)['instances']) for i in range(len(ds)))
    assert ds.skipped['zero_area'] == 2
    assert kept == before - 2


def test_crowd_box_is_ignore_region(data):
    edit_ann(data, lambda a: a['annotations'][0].update(iscrowd=1))
    ds = build_det(data)
    flags = [i['ignore_flag'] for i in ds.get_data_info(0)['instances']]
    assert flags[0] == 1 and sum(flags) == 1


def test_mask_value_out_of_range(data):
    corrupt_mask(data / 'mini_voc_seg' / 'SegmentationClass' /
                 'train_00000.png')
    ds = build_seg(data)
    info = ds.get_data_info(0)
    info = LoadImageFromFile()(info)
    with pytest.raises(ImageLoadError,
                       match=r'train_00000.png: mask values \[42\] outside '
                       r'0..3 and 255'):
        LoadAnnotations()(info)


def test_rgb_mask_rejected(data):
    path = data / 'mini_voc_seg' / 'SegmentationClass' / 'train_00000.png'
    Image.open(path).convert('RGB').save(path)
    info = LoadImageFromFile()(build_seg(data).get_data_info(0))
    with pytest.raises(ImageLoadError, match='palette or 8-bit grayscale'):
        LoadAnnotations()(info)


def test_missing_split_and_annotation_files(data):
    os.remove(data / 'mini_voc_seg' / 'ImageSets' / 'Segmentation' /
              'val.txt')
    with pytest.raises(DatasetLayoutError, match='val.txt: split file not '
                       'found'):
        build_seg(data, 'val')
    os.remove(data / 'mini_coco_det' / 'annotations' /
              'instances_train.json')
    with pytest.raises(DatasetLayoutError, match='instances_train.json: COCO '
                       'annotation file not found'):
        build_det(data)


def test_wrong_layout(data, tmp_path):
    # images at the top of an imagenette split, no class folders
    flat = tmp_path / 'flat' / 'train'
    flat.mkdir(parents=True)
    shutil.copy(next((data / 'imagenette_160' / 'train' / 'dots').iterdir()),
                flat / 'a.JPEG')
    with pytest.raises(DatasetLayoutError, match='a.JPEG: file outside a '
                       'class folder'):
        DATASETS.build(dict(type='ImagenetteDataset',
                            data_root=str(tmp_path / 'flat'),
                            data_prefix=dict(img_path='train')))
    # a VOC folder without JPEGImages
    shutil.rmtree(data / 'mini_voc_seg' / 'JPEGImages')
    with pytest.raises(DatasetLayoutError, match='JPEGImages: image folder '
                       'not found .expected layout'):
        build_seg(data)
    # a COCO json that is not COCO
    edit_ann(data, lambda a: a.pop('categories'))
    with pytest.raises(DatasetLayoutError, match='instances_train.json'):
        build_det(data)


def test_empty_annotation_list(data):
    path = edit_ann(data, lambda a: a.update(annotations=[]))
    with pytest.raises(DatasetLayoutError,
                       match=f'{path}: the "annotations" list is empty'):
        build_det(data)


@pytest.mark.parametrize('bbox, why', [
    (None, 'has no "bbox"'), ([1, 2, 3], 'has 3 numbers, not 4'),
    ([1, float('nan'), 3, 4], 'is not finite'),
    ([1, 2, float('inf'), 4], 'is not finite'),
    ('1 2 3 4', 'is not a list of numbers')])
def test_bad_bbox_names_file_and_annotation(data, bbox, why):
    def edit(a):
        ann = a['annotations'][0]
        ann['id'] = 4242
        if bbox is None:
            ann.pop('bbox')
        else:
            ann['bbox'] = bbox
    path = edit_ann(data, edit)
    with pytest.raises(DatasetLayoutError) as e:
        build_det(data)
    assert f'{path}: annotation 4242 of image' in str(e.value)
    assert why in str(e.value)


def test_declared_image_size_must_match_the_file(data):
    def edit(a):
        a['images'][0]['width'] += 10
    path = edit_ann(data, edit)
    with pytest.raises(DatasetLayoutError, match=f'{path}: image .* is '
                       'declared 106x96, its file is 96x96'):
        build_det(data)


def test_orphan_annotations_are_a_counted_skip(data):
    n = build_det(data).skipped['orphan']
    assert n == 0

    def edit(a):
        a['annotations'].append(dict(a['annotations'][0], id=999,
                                     image_id=123456))
    edit_ann(data, edit)
    ds = build_det(data)
    assert ds.skipped['orphan'] == 1


def cls_meta(*wnids):
    return dict(classes=wnids, wnids=wnids)


def build_cls(root, wnids=('checker', 'dots', 'stripes', 'waves')):
    return DATASETS.build(dict(
        type='ImagenetteDataset', data_root=str(root / 'imagenette_160'),
        data_prefix=dict(img_path='val'), metainfo=cls_meta(*wnids)))


def test_imagenette_labels_come_from_metainfo_not_folders(data):
    # a class list with a class the split lacks: an error naming the
    # folder, never labels shifted by one
    val = data / 'imagenette_160' / 'val'
    with pytest.raises(DatasetLayoutError,
                       match=f'{val / "aaa"}: class folder missing'):
        build_cls(data, ('aaa', 'checker', 'dots', 'stripes', 'waves'))
    # labels follow the metainfo's order, not the sorted folders
    ds = build_cls(data, ('waves', 'stripes', 'dots', 'checker'))
    labels = {osp.basename(osp.dirname(ds.get_data_info(i)['img_path'])):
              ds.get_data_info(i)['gt_label'] for i in range(len(ds))}
    assert labels == dict(waves=0, stripes=1, dots=2, checker=3)
    # an extra folder in the split: named
    (val / 'n99999999').mkdir()
    with pytest.raises(DatasetLayoutError, match=f'{val / "n99999999"}: '
                       'folder of no known class'):
        build_cls(data)
    # an empty class folder: named
    (val / 'n99999999').rmdir()
    for f in (val / 'dots').iterdir():
        f.unlink()
    with pytest.raises(DatasetLayoutError, match=f'{val / "dots"}: class '
                       'folder holds no image'):
        build_cls(data)


def test_course_imagenette_default_is_the_ten_wnids(data, tmp_path):
    # course data missing a class: the default metainfo names the folder
    root = tmp_path / 'course' / 'imagenette_160' / 'val'
    from onehead.datasets.imagenette import IMAGENETTE_WNIDS
    src = next((data / 'imagenette_160' / 'val' / 'dots').iterdir())
    for w in list(IMAGENETTE_WNIDS)[1:]:
        (root / w).mkdir(parents=True)
        shutil.copy(src, root / w / 'a.JPEG')
    with pytest.raises(DatasetLayoutError,
                       match=f'{root / "n01440764"}: class folder missing '
                       r'\(class 0, tench\)'):
        DATASETS.build(dict(type='ImagenetteDataset',
                            data_root=str(root.parent),
                            data_prefix=dict(img_path='val')))


def test_coco_category_names_must_match_the_classes(data):
    # the sample json (circle, square, triangle) read as the course classes
    with pytest.raises(DatasetLayoutError, match="instances_train.json: "
                       "category 1 is 'circle' in the file but 'person'"):
        DATASETS.build(dict(
            type='MiniCocoDetDataset', data_root=str(data / 'mini_coco_det'),
            ann_file='annotations/instances_train.json',
            data_prefix=dict(img_path='train'),
            metainfo=dict(classes=('person', 'bicycle', 'car'),
                          cat_ids=(1, 2, 3))))
