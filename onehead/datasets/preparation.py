"""Build the course's mini datasets from the official sources.

* Mini-COCO-Det: COCO 2017 instance annotations plus only the selected
  images (those holding at least one of the 10 classes, COCO ids 1..10),
  fetched one by one from the COCO image server.
* Mini-VOC-Seg: PASCAL VOC 2012 trainval (segmentation split).
* Imagenette-160: fast.ai's imagenette2-160 (class-balanced picks).

Splits are drawn with a seeded RNG, so the same seed gives the same
datasets. Downloads resume from a ``.part`` file (HTTP Range), show a
progress bar and are checked against the known size and MD5. Archives
fetched by hand can be given with ``archives=DIR``. A dataset that was
completely written (marker file) is left alone unless ``force``.
"""
import hashlib
import json
import os
import os.path as osp
import random
import shutil
import tarfile
import urllib.request
import zipfile
from typing import Dict, Optional

from tqdm import tqdm

from onehead.structures.tasks import TASKS

SOURCES = {
    'coco_annotations': dict(
        url='http://images.cocodataset.org/annotations/'
        'annotations_trainval2017.zip',
        filename='annotations_trainval2017.zip', size=252907541,
        md5='f4bbac642086de4f52a3fdda2de5fa2c'),
    'coco_images': dict(url='http://images.cocodataset.org'),
    'voc2012': dict(
        url='http://host.robots.ox.ac.uk/pascal/VOC/voc2012/'
        'VOCtrainval_11-May-2012.tar',
        filename='VOCtrainval_11-May-2012.tar', size=1999639040,
        md5='6cd6e144f989b92b3379bac3b3de84fd'),
    'imagenette': dict(
        url='https://s3.amazonaws.com/fast-ai-imageclas/'
        'imagenette2-160.tgz',
        filename='imagenette2-160.tgz', size=None,
        md5='e793b78cc4c9e9a4ccc0c1155377a412'),
}
COCO_CAT_IDS = tuple(range(1, 11))
DONE = '.complete'


class DownloadError(RuntimeError):
    """A download failed or its file does not match the expected checksum."""


def md5sum(path: str, chunk: int = 1 << 20) -> str:
    h = hashlib.md5()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(chunk), b''):
            h.update(block)
    return h.hexdigest()


def verify(path: str, size: Optional[int] = None,
           md5: Optional[str] = None) -> None:
    """Raise DownloadError naming the file if size or MD5 differ."""
    actual = osp.getsize(path)
    if size is not None and actual != size:
        raise DownloadError(f'{path}: size {actual} bytes, expected {size}')
    if md5 is not None:
        got = md5sum(path)
        if got != md5:
            raise DownloadError(f'{path}: md5 {got}, expected {md5}')


def download(url: str, dest: str, size: Optional[int] = None,
             md5: Optional[str] = None, progress: bool = True,
             timeout: float = 60) -> str:
    """Download ``url`` to ``dest``, resuming ``dest + '.part'``.

    A complete ``dest`` that passes the checks is not fetched again. A
    file that fails them is removed (so the next run starts clean) and
    DownloadError is raised.
    """
    if osp.isfile(dest):
        verify(dest, size, md5)
        return dest
    os.makedirs(osp.dirname(osp.abspath(dest)), exist_ok=True)
    part = dest + '.part'
    have = osp.getsize(part) if osp.isfile(part) else 0
    req = urllib.request.Request(url)
    if have:
        req.add_header('Range', f'bytes={have}-')
    try:
        resp = urllib.request.urlopen(req, timeout=timeout)
    except urllib.error.HTTPError as e:
        if e.code == 416 and have and (size is None or have == size):
            resp = None  # the .part is already whole
        else:
            raise DownloadError(f'{url}: HTTP {e.code} {e.reason}') from e
    except (urllib.error.URLError, OSError) as e:
        raise DownloadError(f'{url}: {e}') from e
    if resp is not None:
        with resp:
            if have and resp.status != 206:  # server ignored the Range
                have = 0
            length = resp.headers.get('Content-Length')
            total = have + int(length) if length else size
            with open(part, 'ab' if have else 'wb') as f, tqdm(
                    total=total, initial=have, unit='B', unit_scale=True,
                    desc=osp.basename(dest), disable=not progress) as bar:
                while True:
                    block = resp.read(1 << 16)
                    if not block:
                        break
                    f.write(block)
                    bar.update(len(block))
    try:
        verify(part, size, md5)
    except DownloadError:
        os.remove(part)
        raise
    os.replace(part, dest)
    return dest


def fetch(source: dict, cache_dir: str, archives: Optional[str] = None,
          progress: bool = True) -> str:
    """Path of a checked archive: from ``archives`` if there, else fetched
    into ``cache_dir``."""
    if archives:
        local = osp.join(archives, source['filename'])
        if osp.isfile(local):
            verify(local, source.get('size'), source.get('md5'))
            return local
    return download(source['url'], osp.join(cache_dir, source['filename']),
                    source.get('size'), source.get('md5'), progress)


def _is_done(out: str) -> bool:
    return osp.isfile(osp.join(out, DONE))


def _mark_done(out: str, info: dict) -> None:
    with open(osp.join(out, DONE), 'w') as f:
        json.dump(info, f, indent=1)


def _split(items, seed, n_train, n_val, n_test):
    items = sorted(items)
    random.Random(seed).shuffle(items)
    need = n_train + n_val + n_test
    if len(items) < need:
        raise ValueError(f'only {len(items)} candidates for {need} images')
    splits = dict(train=items[:n_train], val=items[n_train:n_train + n_val])
    if n_test:
        splits['test'] = items[n_train + n_val:need]
    return splits


def build_coco_det(out: str, ann_zip: str, image_url: str, seed: int = 0,
                   n_train: int = 240, n_val: int = 60, n_test: int = 0,
                   cat_ids=COCO_CAT_IDS, progress: bool = True) -> str:
    """Write ``out/{split}/*.jpg`` + ``out/annotations/instances_{split}.json``
    with only the images that hold one of ``cat_ids`` (non-crowd)."""
    cats, images, anns = {}, {}, []
    with zipfile.ZipFile(ann_zip) as zf:
        for part in ('train2017', 'val2017'):
            member = f'annotations/instances_{part}.json'
            try:
                data = json.load(zf.open(member))
            except KeyError:
                raise DownloadError(f'{ann_zip}: has no {member}')
            cats.update({c['id']: c for c in data['categories']
                         if c['id'] in cat_ids})
            for im in data['images']:
                images[im['id']] = dict(im, _part=part)
            anns += [a for a in data['annotations']
                     if a['category_id'] in cat_ids]
    by_image = {}
    for a in anns:
        by_image.setdefault(a['image_id'], []).append(a)
    candidates = [i for i, a in by_image.items()
                  if any(not x.get('iscrowd', 0) for x in a)]
    splits = _split(candidates, seed, n_train, n_val, n_test)
    os.makedirs(osp.join(out, 'annotations'), exist_ok=True)
    for split, ids in splits.items():
        os.makedirs(osp.join(out, split), exist_ok=True)
        for img_id in tqdm(ids, desc=f'coco {split} images',
                           disable=not progress):
            im = images[img_id]
            download(f'{image_url}/{im["_part"]}/{im["file_name"]}',
                     osp.join(out, split, im['file_name']), progress=False)
        with open(osp.join(out, 'annotations', f'instances_{split}.json'),
                  'w') as f:
            json.dump(dict(
                images=[{k: v for k, v in images[i].items() if k != '_part'}
                        for i in ids],
                annotations=[a for i in ids for a in by_image[i]],
                categories=[cats[c] for c in cat_ids if c in cats]), f)
    return out


def build_voc_seg(out: str, voc_tar: str, seed: int = 0, n_train: int = 240,
                  n_val: int = 60, n_test: int = 0,
                  progress: bool = True) -> str:
    """Write JPEGImages/, SegmentationClass/ and ImageSets/Segmentation/."""
    with tarfile.open(voc_tar) as tf:
        members = {m.name.split('VOC2012/', 1)[-1]: m for m in tf
                   if 'VOC2012/' in m.name}
        key = 'ImageSets/Segmentation/trainval.txt'
        if key not in members:
            raise DownloadError(f'{voc_tar}: has no VOC2012/{key}')
        ids = tf.extractfile(members[key]).read().decode().split()
        splits = _split(ids, seed, n_train, n_val, n_test)
        for sub in ('JPEGImages', 'SegmentationClass',
                    'ImageSets/Segmentation'):
            os.makedirs(osp.join(out, sub), exist_ok=True)
        for split, chosen in splits.items():
            for img_id in tqdm(chosen, desc=f'voc {split}',
                               disable=not progress):
                for sub, ext in (('JPEGImages', '.jpg'),
                                 ('SegmentationClass', '.png')):
                    m = members.get(f'{sub}/{img_id}{ext}')
                    if m is None:
                        raise DownloadError(
                            f'{voc_tar}: has no VOC2012/{sub}/{img_id}{ext}')
                    with open(osp.join(out, sub, img_id + ext), 'wb') as f:
                        shutil.copyfileobj(tf.extractfile(m), f)
            with open(osp.join(out, 'ImageSets', 'Segmentation',
                               f'{split}.txt'), 'w') as f:
                f.write('\n'.join(chosen) + '\n')
    return out


def build_imagenette(out: str, tgz: str, seed: int = 0, n_train: int = 240,
                     n_val: int = 60, n_test: int = 0,
                     progress: bool = True) -> str:
    """Class-balanced picks into ``out/{split}/<wnid>/*.JPEG``; val (and
    test) come from imagenette's own val split."""
    per_class = {}
    with tarfile.open(tgz) as tf:
        members = [m for m in tf if m.isfile()]
        for m in members:
            parts = m.name.split('/')
            if len(parts) >= 4 and parts[-3] in ('train', 'val'):
                per_class.setdefault((parts[-3], parts[-2]), []).append(m)
        wnids = sorted({w for _, w in per_class})
        if not wnids:
            raise DownloadError(f'{tgz}: no <split>/<wnid>/<image> members')
        rng = random.Random(seed)
        plan = dict(train=('train', n_train), val=('val', n_val))
        if n_test:
            plan['test'] = ('val', n_test)
        used = set()
        for split, (src, n) in plan.items():
            k = n // len(wnids)
            for w in tqdm(wnids, desc=f'imagenette {split}',
                          disable=not progress):
                pool = sorted((m for m in per_class.get((src, w), [])
                               if m.name not in used), key=lambda m: m.name)
                rng.shuffle(pool)
                if len(pool) < k:
                    raise DownloadError(f'{tgz}: {src}/{w} has {len(pool)} '
                                        f'images, {k} needed')
                os.makedirs(osp.join(out, split, w), exist_ok=True)
                for m in pool[:k]:
                    used.add(m.name)
                    with open(osp.join(out, split, w,
                                       osp.basename(m.name)), 'wb') as f:
                        shutil.copyfileobj(tf.extractfile(m), f)
    return out


def prepare(out: str = 'data', tasks=TASKS, seed: int = 0,
            n_train: int = 240, n_val: int = 60, n_test: int = 0,
            archives: Optional[str] = None, cache_dir: Optional[str] = None,
            force: bool = False, sources: Optional[Dict] = None,
            progress: bool = True) -> Dict[str, str]:
    """Build the requested datasets under ``out``; return their folders."""
    sources = sources or SOURCES
    cache_dir = cache_dir or osp.join(out, '.downloads')
    counts = dict(seed=seed, n_train=n_train, n_val=n_val, n_test=n_test)
    done = {}
    plan = dict(det='mini_coco_det', seg='mini_voc_seg',
                cls='imagenette_160')
    for task in tasks:
        dest = osp.join(out, plan[task])
        done[task] = dest
        if _is_done(dest) and not force:
            print(f'{dest}: complete, left as it is (use --force to rebuild)')
            continue
        if osp.isdir(dest):
            shutil.rmtree(dest)
        if task == 'det':
            ann = fetch(sources['coco_annotations'], cache_dir, archives,
                        progress)
            build_coco_det(dest, ann, sources['coco_images']['url'],
                           progress=progress, **counts)
        elif task == 'seg':
            build_voc_seg(dest, fetch(sources['voc2012'], cache_dir,
                                      archives, progress),
                          progress=progress, **counts)
        else:
            build_imagenette(dest, fetch(sources['imagenette'], cache_dir,
                                         archives, progress),
                             progress=progress, **counts)
        _mark_done(dest, counts)
        print(f'{dest}: written')
    return done
