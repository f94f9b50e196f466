"""tools/prepare_data.py end to end against a local HTTP server (127.0.0.1)
serving small fixture archives built here."""
import hashlib
import http.server
import io
import json
import os
import os.path as osp
import tarfile
import threading
import zipfile

import numpy as np
import pytest
from PIL import Image

from onehead.datasets import preparation
from onehead.datasets.preparation import DownloadError, download, prepare
from onehead.registry import DATASETS
from tests_helpers import import_tool

prepare_data = import_tool('prepare_data')


def jpeg(seed):
    rng = np.random.RandomState(seed)
    buf = io.BytesIO()
    Image.fromarray(rng.randint(0, 255, (24, 32, 3), np.uint8)).save(
        buf, 'JPEG')
    return buf.getvalue()


def png_mask(seed):
    m = np.zeros((24, 32), np.uint8)
    m[4:12, 5:20] = 1 + seed % 20
    m[0, :] = 255
    img = Image.fromarray(m, mode='P')
    img.putpalette([0] * 768)
    buf = io.BytesIO()
    img.save(buf, 'PNG')
    return buf.getvalue()


def add(tf, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tf.addfile(info, io.BytesIO(data))


def build_fixtures(root):
    """COCO-style annotation zip + image files, a VOC tar, an imagenette tgz.
    Returns {path served: bytes}."""
    files = {}
    from onehead.datasets import COCO10_CLASSES
    names = COCO10_CLASSES + ('fire hydrant', 'stop sign')  # COCO ids 1-12
    cats = [dict(id=i, name=n, supercategory='x')
            for i, n in enumerate(names, 1)]
    for part, n in (('train2017', 14), ('val2017', 6)):
        images, anns = [], []
        for k in range(n):
            img_id = (1000 if part == 'val2017' else 0) + k + 1
            name = f'{img_id:012d}.jpg'
            images.append(dict(id=img_id, file_name=name, width=32,
                               height=24))
            files[f'/{part}/{name}'] = jpeg(img_id)
            # every 5th image holds only a class outside 1..10
            cat = 11 if k % 5 == 4 else 1 + k % 10
            anns.append(dict(id=img_id * 10, image_id=img_id,
                             category_id=cat, bbox=[2, 3, 10, 8], area=80,
                             iscrowd=0, segmentation=[[2, 3, 12, 3, 12, 11]]))
        data = json.dumps(dict(images=images, annotations=anns,
                               categories=cats))
        files[f'/ann/{part}.json'] = data.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as zf:
        for part in ('train2017', 'val2017'):
            zf.writestr(f'annotations/instances_{part}.json',
                        files.pop(f'/ann/{part}.json'))
    files['/annotations_trainval2017.zip'] = buf.getvalue()

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w') as tf:
        ids = [f'2007_{k:06d}' for k in range(12)]
        add(tf, 'VOCdevkit/VOC2012/ImageSets/Segmentation/trainval.txt',
            '\n'.join(ids).encode())
        for k, i in enumerate(ids):
            add(tf, f'VOCdevkit/VOC2012/JPEGImages/{i}.jpg', jpeg(k))
            add(tf, f'VOCdevkit/VOC2012/SegmentationClass/{i}.png',
                png_mask(k))
    files['/VOCtrainval_11-May-2012.tar'] = buf.getvalue()

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w:gz') as tf:
        for split, n in (('train', 4), ('val', 2)):
            for w in ('n01440764', 'n02102040', 'n02979186'):
                for k in range(n):
                    add(tf, f'imagenette2-160/{split}/{w}/{w}_{k}.JPEG',
                        jpeg(k))
    files['/imagenette2-160.tgz'] = buf.getvalue()
    return files


class Server:
    """Serves ``files`` with HTTP Range support; counts requests."""

    def __init__(self, files):
        self.files, self.requests = files, []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):

            def log_message(self, *args):
                pass

            def do_GET(self):
                data = outer.files.get(self.path)
                rng = self.headers.get('Range')
                outer.requests.append((self.path, rng))
                if data is None:
                    self.send_error(404)
                    return
                start = 0
                if rng:
                    start = int(rng.split('=')[1].split('-')[0])
                    self.send_response(206)
                    self.send_header('Content-Range',
                                     f'bytes {start}-{len(data) - 1}/'
                                     f'{len(data)}')
                else:
                    self.send_response(200)
                self.send_header('Content-Length', str(len(data) - start))
                self.end_headers()
                self.wfile.write(data[start:])

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                     Handler)
        self.url = f'http://127.0.0.1:{self.httpd.server_port}'
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs=dict(poll_interval=0.05),
                                       daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def sources_for(server, files):
    def src(name):
        data = files['/' + name]
        return dict(url=server.url + '/' + name, filename=name,
                    size=len(data), md5=hashlib.md5(data).hexdigest())
    return dict(coco_annotations=src('annotations_trainval2017.zip'),
                coco_images=dict(url=server.url),
                voc2012=src('VOCtrainval_11-May-2012.tar'),
                imagenette=src('imagenette2-160.tgz'))


@pytest.fixture
def served(tmp_path):
    files = build_fixtures(tmp_path)
    with Server(files) as server:
        yield server, files, sources_for(server, files)


def test_end_to_end(served, tmp_path):
    server, files, sources = served
    out = str(tmp_path / 'data')
    kw = dict(seed=1, n_train=6, n_val=3, sources=sources, progress=False)
    prepare(out, **kw)
    det = DATASETS.build(dict(
        type='MiniCocoDetDataset', data_root=osp.join(out, 'mini_coco_det'),
        ann_file='annotations/instances_train.json',
        data_prefix=dict(img_path='train')))
    assert len(det) == 6
    # only images with one of the 10 classes were selected and fetched
    labels = [i['bbox_label'] for k in range(6)
              for i in det.get_data_info(k)['instances']]
    assert len(labels) == 6 and max(labels) <= 9
    fetched = [p for p, _ in server.requests if p.endswith('.jpg')]
    assert len(fetched) == 9
    seg = DATASETS.build(dict(
        type='MiniVocSegDataset', data_root=osp.join(out, 'mini_voc_seg'),
        ann_file='ImageSets/Segmentation/val.txt'))
    assert len(seg) == 3
    cls = DATASETS.build(dict(
        type='ImagenetteDataset', data_root=osp.join(out, 'imagenette_160'),
        data_prefix=dict(img_path='train'),
        # the fake archive holds three of the ten classes
        metainfo=dict(classes=('tench', 'English springer',
                               'cassette player'),
                      wnids=('n01440764', 'n02102040', 'n02979186'))))
    assert len(cls) == 6 and cls.metainfo['classes'][0] == 'tench'
    # train and val never share an image
    tr = set(open(osp.join(out, 'mini_voc_seg/ImageSets/Segmentation/'
                           'train.txt')).read().split())
    va = set(open(osp.join(out, 'mini_voc_seg/ImageSets/Segmentation/'
                           'val.txt')).read().split())
    assert tr and va and not tr & va

    # deterministic: same seed, same picks
    out2 = str(tmp_path / 'data2')
    prepare(out2, **kw)
    for rel in ('mini_voc_seg/ImageSets/Segmentation/train.txt',
                'mini_coco_det/annotations/instances_val.json'):
        assert open(osp.join(out2, rel)).read() == \
            open(osp.join(out, rel)).read()
    assert sorted(os.listdir(osp.join(out2, 'imagenette_160/val/n01440764'))) \
        == sorted(os.listdir(osp.join(out, 'imagenette_160/val/n01440764')))

    # complete datasets are not rebuilt (nor downloaded again)
    n_requests = len(server.requests)
    marker = osp.join(out, 'mini_voc_seg', 'JPEGImages')
    mtime = os.stat(marker).st_mtime_ns
    prepare(out, **kw)
    assert len(server.requests) == n_requests
    assert os.stat(marker).st_mtime_ns == mtime


def test_resume_partial_download(served, tmp_path):
    server, files, sources = served
    src = sources['voc2012']
    dest = str(tmp_path / 'dl' / src['filename'])
    os.makedirs(osp.dirname(dest))
    data = files['/' + src['filename']]
    with open(dest + '.part', 'wb') as f:
        f.write(data[:len(data) // 3])
    download(src['url'], dest, src['size'], src['md5'], progress=False)
    assert server.requests[-1][1] == f'bytes={len(data) // 3}-'
    assert open(dest, 'rb').read() == data
    assert not osp.exists(dest + '.part')


def test_checksum_mismatch_is_an_error(served, tmp_path):
    server, files, sources = served
    src = dict(sources['imagenette'], md5='0' * 32)
    dest = str(tmp_path / 'x.tgz')
    with pytest.raises(DownloadError, match='x.tgz.part: md5 .* expected 0+'):
        download(src['url'], dest, src['size'], src['md5'], progress=False)
    assert not osp.exists(dest) and not osp.exists(dest + '.part')
    with pytest.raises(DownloadError, match='HTTP 404'):
        download(server.url + '/nope.tar', dest, progress=False)


def test_cli_with_hand_fetched_archives(served, tmp_path, monkeypatch,
                                        capsys):
    server, files, sources = served
    archives = tmp_path / 'archives'
    archives.mkdir()
    for name in ('VOCtrainval_11-May-2012.tar', 'imagenette2-160.tgz'):
        (archives / name).write_bytes(files['/' + name])
    # unreachable URLs: the archives must come from --archives
    monkeypatch.setattr(preparation, 'SOURCES', {
        k: dict(v, url='http://127.0.0.1:9/none') for k, v in
        sources.items()})
    out = str(tmp_path / 'data')
    rc = prepare_data.main(['--out', out, '--tasks', 'seg', 'cls',
                            '--archives', str(archives), '--num-train', '6',
                            '--num-val', '3', '--no-progress'])
    assert rc == 0
    assert len(os.listdir(osp.join(out, 'mini_voc_seg', 'JPEGImages'))) == 9
    # a corrupted hand-fetched archive is refused, naming the file
    (archives / 'imagenette2-160.tgz').write_bytes(b'broken')
    rc = prepare_data.main(['--out', out, '--tasks', 'cls', '--force',
                            '--archives', str(archives), '--no-progress'])
    assert rc == 1
    assert 'imagenette2-160.tgz: size 6 bytes' in capsys.readouterr().err
