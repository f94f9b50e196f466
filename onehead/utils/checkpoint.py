"""Load checkpoints without running what a file brings.

torch 2.6 made ``torch.load(weights_only=True)`` the default, and mmengine's
checkpoints hold a pickled message hub, so mmengine 0.10.7's own local
loader fails on them. Importing onehead replaces the local ('' prefix)
scheme with :func:`load_checkpoint_file`: tensors, plain Python data and
the few types mmengine puts in a checkpoint (its ``HistoryBuffer``, numpy
arrays) load; anything else is refused with an error naming the file and
the type, since unpickling it could run code. A user who trusts a file
passes ``--trust-checkpoint`` to a tool (or sets ``ONEHEAD_TRUST_CHECKPOINTS
=1``), which loads it with ``weights_only=False``.

The config that mmengine saves in ``meta['cfg']`` is Python text; it is
never executed: :func:`saved_config` reads it as plain data (literals and
``dict(...)`` calls only) and refuses anything else.
"""
import ast
import logging
import os
import os.path as osp
import pickle
import re
from typing import List

import numpy as np
import torch
from mmengine.logging import print_log
from mmengine.runner.checkpoint import CheckpointLoader

TRUST_ENV = 'ONEHEAD_TRUST_CHECKPOINTS'


class CheckpointError(ValueError):
    """A checkpoint that cannot be loaded, or does not fit."""


class UntrustedCheckpointError(CheckpointError):
    """A checkpoint that holds an object whose unpickling may run code."""


def _history_buffer_method(obj, name: str):
    """Stands in for ``getattr`` while unpickling: mmengine's HistoryBuffer
    pickles its statistics methods as ``getattr(HistoryBuffer, 'mean')``;
    that, and nothing else, is allowed (a free ``getattr`` reaches any
    module's globals)."""
    from mmengine.logging.history_buffer import HistoryBuffer
    if obj is HistoryBuffer and name in ('min', 'max', 'current', 'mean'):
        return getattr(obj, name)
    raise pickle.UnpicklingError(
        f'getattr({getattr(obj, "__name__", type(obj).__name__)}, {name!r})')


def _safe_globals() -> list:
    """The non-tensor types of mmengine's and onehead's checkpoints."""
    from mmengine.logging.history_buffer import HistoryBuffer
    core = getattr(np, '_core', None) or np.core
    found = [HistoryBuffer, np.ndarray, np.dtype,
             core.multiarray._reconstruct, core.multiarray.scalar,
             (_history_buffer_method, 'builtins.getattr')]
    # numpy >= 1.25 pickles a dtype through its class, e.g. Float64DType
    dtypes = getattr(np, 'dtypes', None)
    if dtypes is not None:
        found += [getattr(dtypes, n) for n in dir(dtypes)
                  if n.endswith('DType')]
    # numpy 1 names the module numpy.core, numpy 2 numpy._core; a file
    # written under either loads under both
    for name in ('numpy.core.multiarray', 'numpy._core.multiarray'):
        found += [(core.multiarray._reconstruct, f'{name}._reconstruct'),
                  (core.multiarray.scalar, f'{name}.scalar')]
    return found


def trust_checkpoints(trust: bool = True) -> None:
    """What the tools' ``--trust-checkpoint`` does: later loads in this
    process (and its children) may run code that a checkpoint carries."""
    if trust:
        os.environ[TRUST_ENV] = '1'


def load_checkpoint_file(filename: str, map_location='cpu'):
    """``torch.load`` restricted to data (see the module docstring)."""
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename}: checkpoint not found')
    if osp.getsize(filename) == 0:
        raise CheckpointError(f'{filename}: empty file, not a checkpoint '
                              '(was its writing interrupted?)')
    trusted = os.environ.get(TRUST_ENV, '') not in ('', '0')
    try:
        if trusted:
            return torch.load(filename, map_location=map_location,
                              weights_only=False)
        with torch.serialization.safe_globals(_safe_globals()):
            return torch.load(filename, map_location=map_location,
                              weights_only=True)
    except pickle.UnpicklingError as e:
        found = re.search(r'GLOBAL ([\w.]+)', str(e))
        what = (f'an object of type {found.group(1)}' if found else
                'a pickled object that is not plain data')
        raise UntrustedCheckpointError(
            f'{filename}: refused to load: it holds {what}, and unpickling '
            'it could run code. If you trust this file, pass '
            f'--trust-checkpoint (or set {TRUST_ENV}=1): it then runs any '
            'code it carries.') from None
    except (RuntimeError, EOFError, OSError, ValueError) as e:
        raise CheckpointError(
            f'{filename}: not a readable checkpoint ({str(e).splitlines()[0]}'
            '); is it truncated, or not a PyTorch file?') from None


@CheckpointLoader.register_scheme(prefixes='', force=True)
def load_from_local(filename, map_location):
    return load_checkpoint_file(filename, map_location)


def _state_dict(ckpt) -> dict:
    state = ckpt.get('state_dict', ckpt) if isinstance(ckpt, dict) else {}
    return {k[len('module.'):] if k.startswith('module.') else k: v
            for k, v in state.items()}


def check_fit(model, filename: str, strict: bool = False) -> List[str]:
    """Fail when ``filename`` does not fit ``model``: no key in common, or
    a tensor of another shape than the model's of the same name (e.g. a
    head for another number of classes). With ``strict`` (evaluation: the
    checkpoint must hold every weight) a model tensor the file lacks is an
    error too. Errors name the file and the first mismatches.

    mmengine's ``load_from`` skips such tensors with a warning, so a stage
    started from a checkpoint of another architecture (e.g. another head
    width) would train a partly random model without saying so. Without
    ``strict``, modules the checkpoint lacks altogether (a block new in
    this stage) keep their fresh initialisation: they are logged and
    returned (the top-level module names).
    """
    state = _state_dict(CheckpointLoader.load_checkpoint(
        filename, map_location='cpu'))
    own = model.state_dict()
    if not set(state) & set(own):
        raise CheckpointError(
            f'{filename}: no weight in it has a name of the model built '
            f'from the config (it holds e.g. {sorted(state)[:3]}, the model '
            f'{sorted(own)[:3]}): is it a checkpoint of another model?')
    bad = [f'{key}: {tuple(value.shape)} in the checkpoint, '
           f'{tuple(own[key].shape)} in the model'
           for key, value in state.items()
           if key in own and hasattr(value, 'shape') and
           tuple(value.shape) != tuple(own[key].shape)]
    if bad:
        raise CheckpointError(
            f'{filename}: {len(bad)} tensors do not fit the model built '
            'from the config (trained for other classes, or with another '
            'architecture, e.g. another head.feat_channels?): ' +
            '; '.join(bad[:3]) + (' ...' if len(bad) > 3 else ''))
    missing = [k for k in own if k not in state]
    if strict and missing:
        raise CheckpointError(
            f'{filename}: {len(missing)} weights of the model are not in '
            'the checkpoint (was it trained with another architecture?): '
            + ', '.join(missing[:3]) + (' ...' if len(missing) > 3 else ''))
    fresh = []  # the outermost modules none of whose tensors were saved
    for name, module in model.named_modules():
        keys = [f'{name}.{k}' for k in module.state_dict()]
        if name and keys and not set(state).intersection(keys) and not any(
                name.startswith(f + '.') for f in fresh):
            fresh.append(name)
    if fresh:
        print_log(f'{filename} has no weights for {", ".join(fresh)}: '
                  'they start from their initialisation', logger='current',
                  level=logging.WARNING)
    return fresh


_LITERAL_CALLS = {'dict': dict, 'list': list, 'tuple': tuple, 'set': set}


def _literal(node, where: str):
    """Evaluate ``node`` if it is plain data; raise otherwise."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = [_literal(e, where) for e in node.elts]
        return {ast.List: list, ast.Tuple: tuple,
                ast.Set: set}[type(node)](items)
    if isinstance(node, ast.Dict) and None not in node.keys:
        return {_literal(k, where): _literal(v, where)
                for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.UnaryOp) and isinstance(
            node.op, (ast.USub, ast.UAdd)) and isinstance(
                node.operand, ast.Constant) and isinstance(
                    node.operand.value, (int, float)):
        v = node.operand.value
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id in _LITERAL_CALLS and \
            all(k.arg is not None for k in node.keywords):
        if node.func.id == 'dict' and len(node.args) <= 1:
            # mmengine writes dict({'a key': ...}) for keys that are no
            # identifiers
            out = dict(*[_literal(a, where) for a in node.args])
            out.update({k.arg: _literal(k.value, where)
                        for k in node.keywords})
            return out
        if node.func.id != 'dict' and len(node.args) <= 1 and \
                not node.keywords:
            return _LITERAL_CALLS[node.func.id](
                *[_literal(a, where) for a in node.args])
    raise CheckpointError(
        f'{where}, line {getattr(node, "lineno", "?")}: not plain data '
        f'({ast.dump(node)[:60]}...); onehead does not run the config '
        'saved in a checkpoint: pass --config')


def parse_config_text(text: str, where: str) -> dict:
    """mmengine's ``Config.pretty_text`` read as data, never executed."""
    try:
        tree = ast.parse(text)
    except SyntaxError as e:
        raise CheckpointError(f'{where}: the saved config does not parse '
                              f'({e}); pass --config') from None
    out = {}
    for stmt in tree.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and
                isinstance(stmt.targets[0], ast.Name)):
            raise CheckpointError(
                f'{where}, line {stmt.lineno}: not a plain assignment; '
                'onehead does not run the config saved in a checkpoint: '
                'pass --config')
        out[stmt.targets[0].id] = _literal(stmt.value, where)
    return out


def checkpoint_meta(filename: str) -> dict:
    """The ``meta`` dict of a checkpoint file ({} for a bare state dict)."""
    ckpt = CheckpointLoader.load_checkpoint(filename, map_location='cpu')
    meta = ckpt.get('meta') if isinstance(ckpt, dict) else None
    return meta if isinstance(meta, dict) else {}


def saved_config(filename: str):
    """The config that training saved in ``filename`` (mmengine's Runner
    writes it into ``meta['cfg']``), read as plain data; None for a bare
    state dict."""
    from mmengine.config import Config
    text = checkpoint_meta(filename).get('cfg')
    if not text:
        return None
    return Config(parse_config_text(
        text, f'{filename} (the config saved in it)'))


def saved_model_config(filename: str):
    """The ``model`` of :func:`saved_config`, or None. Lets ``eval.py
    --weights`` build a checkpoint of any architecture (head width, private
    channels) without ``--config``."""
    cfg = saved_config(filename)
    return None if cfg is None else cfg.get('model')


def check_classes(model, dataset_metas: dict, weights: str = '') -> None:
    """Fail when the model predicts another number of classes for a task
    than the data has (``dataset_metas``: task -> the dataset's metainfo):
    a checkpoint trained on other data (e.g. the sample data's 3/4/4
    classes) would otherwise be scored on labels it never learnt."""
    head = model.head
    for task, meta in dataset_metas.items():
        classes = tuple(meta.get('classes') or ())
        n = getattr(head, f'num_{task}_classes', None)
        if classes and n is not None and n != len(classes):
            raise CheckpointError(
                f'{weights or "the model"}: its {task} output has {n} '
                f'classes, the {task} data has {len(classes)} '
                f'({", ".join(map(str, classes[:4]))}, ...): it was trained '
                'on other data; evaluate it on the data it was trained on')
