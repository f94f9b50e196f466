"""Build Mini-COCO-Det, Mini-VOC-Seg and Imagenette-160 from the official
sources (see onehead/datasets/preparation.py).

Downloading needs internet. Offline, fetch the archives elsewhere (the
error names each file and its address) and pass their folder with
``--archives DIR``: nothing is downloaded then.

    python tools/prepare_data.py --out data                 # all three
    python tools/prepare_data.py --tasks seg --archives ~/dl # hand-fetched
"""
import argparse
import sys

from onehead.datasets.preparation import DownloadError, prepare
from onehead.structures import TASKS


def main(argv=None):
    p = argparse.ArgumentParser(
        description='\n\n'.join(__doc__.split('\n\n')[:2]),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', default='data')
    p.add_argument('--tasks', nargs='+', choices=TASKS,
                   default=list(TASKS))
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--num-train', type=int, default=240)
    p.add_argument('--num-val', type=int, default=60)
    p.add_argument('--num-test', type=int, default=0)
    p.add_argument('--archives', help='folder with archives fetched by hand '
                   '(annotations_trainval2017.zip, VOCtrainval_11-May-2012'
                   '.tar, imagenette2-160.tgz)')
    p.add_argument('--cache-dir', help='where downloads go '
                   '(default: OUT/.downloads)')
    p.add_argument('--force', action='store_true',
                   help='rebuild datasets that are already complete')
    p.add_argument('--no-progress', action='store_true')
    args = p.parse_args(argv)
    try:
        prepare(args.out, args.tasks, args.seed, args.num_train,
                args.num_val, args.num_test, args.archives, args.cache_dir,
                args.force, progress=not args.no_progress)
    except (DownloadError, ValueError) as e:
        print(f'error: {e}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
