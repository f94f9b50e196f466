"""Check a model against the Unified-OneHead challenge's rules.

    python tools/check_challenge.py CONFIG [CHECKPOINT] [--results R.json]

One row per rule (backbone on the course list, neck of at most two conv
layers or one FPN layer, head of 2-3 layers and a single branch, < 8M
parameters; with ``--results``, each task's final metric against its
baseline under both readings of the 5% rule), with the measured value and
PASS / FAIL / STAND-IN. Exit status 0 only when every row passes
(``--allow-stand-in``: a stand-in backbone counts as a pass).
"""
import argparse
import json
import sys

from onehead.apis import init_model
from onehead.apis.challenge import all_pass, check_challenge, format_verdicts
from onehead.utils import trust_checkpoints


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config')
    p.add_argument('checkpoint', nargs='?',
                   help='weights to check (default: the config\'s model, '
                   'randomly initialised: the rules are about structure)')
    p.add_argument('--results', help='a forgetting table (stage_results.json'
                   ' or train_stages\'s results.json) to check the 5% rule')
    p.add_argument('--allow-stand-in', action='store_true',
                   help='exit 0 when a stand-in backbone is the only '
                   'departure')
    p.add_argument('--trust-checkpoint', action='store_true')
    args = p.parse_args(argv)
    trust_checkpoints(args.trust_checkpoint)
    from mmengine.config import Config
    cfg = Config.fromfile(args.config)
    cfg.model.backbone.init_cfg = None  # structure, not ImageNet weights
    model = init_model(cfg, args.checkpoint)
    results = None
    if args.results:
        with open(args.results) as f:
            results = json.load(f)
    rows = check_challenge(model, results)
    print(format_verdicts(rows))
    ok = all_pass(rows, args.allow_stand_in)
    print('all rules pass' if ok else 'some rules are not met')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
