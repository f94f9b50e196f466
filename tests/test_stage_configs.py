"""The shipped configs: recipes a reader can follow.

Each recipe's three stage configs describe one architecture (every stage's
checkpoint loads whole into the next), no config inherits more than three
levels, and every recipe folder carries its README and metafile."""
import ast
import glob
import os.path as osp

import pytest
import torch
import yaml

from onehead.utils import check_fit
from tests_helpers import ROOT, build_model, import_tool, load_config

train_stages = import_tool('train_stages')

CONFIGS = osp.join(ROOT, 'configs')
DESIGN_CARD = ('none', 'replay', 'ewc', 'lwf', 'replay_lwf')


def recipe_folders():
    """Every folder of configs/ (and variant folder inside one) that holds
    stage configs."""
    found = []
    for stage2 in sorted(glob.glob(osp.join(CONFIGS, '**', 'stage2_det.py'),
                                   recursive=True)):
        folder = osp.dirname(stage2)
        if folder != CONFIGS:
            found.append(osp.relpath(folder, CONFIGS))
    return found


def strategies():
    return list(DESIGN_CARD) + recipe_folders()


def build(cfg_path):
    return build_model(load_config(osp.relpath(cfg_path, ROOT)))


def shapes(cfg_path):
    return {k: tuple(v.shape) for k, v in build(cfg_path).state_dict().items()}


@pytest.mark.parametrize('strategy', strategies())
def test_stages_build_the_same_architecture(strategy):
    """Every stage loads the previous one whole: the same tensors, except
    that a stage may add a neck block private to its own task (detection's
    in stage 2, classification's in stage 3), which starts fresh, or
    backbone stages of its own, copies of the shared ones."""
    s1, s2, s3 = (shapes(c) for c in train_stages.stage_configs(strategy))
    for before, after, task in ((s1, s2, 'det'), (s2, s3, 'cls')):
        assert {k: after[k] for k in before} == before
        added = set(after) - set(before)
        assert all(k.startswith((f'neck.private.{task}.',
                                 f'backbone.private.{task}.'))
                   for k in added), added


def inheritance_depth(path, seen=()):
    """Edges of the longest ``_base_`` chain from ``path`` (read from the
    file's text; ``{{$VAR:default}}`` names take their default)."""
    with open(path) as f:
        tree = ast.parse(f.read())
    bases = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                getattr(t, 'id', None) == '_base_' for t in node.targets):
            value = ast.literal_eval(node.value)
            bases = [value] if isinstance(value, str) else list(value)
    depth = 0
    for base in bases:
        base = base.replace('{{$ONEHEAD_MODEL:', '').replace(
            '{{$ONEHEAD_DATASETS:', '').replace('}}', '')
        full = osp.normpath(osp.join(osp.dirname(path), base))
        assert full not in seen, f'{path}: inheritance cycle'
        depth = max(depth, 1 + inheritance_depth(full, seen + (full, )))
    return depth


def test_no_config_inherits_more_than_three_levels():
    depths = {osp.relpath(p, CONFIGS): inheritance_depth(p)
              for p in glob.glob(osp.join(CONFIGS, '**', '*.py'),
                                 recursive=True)}
    assert depths['stage2_det_replay.py'] == 2  # leaf, stage, model
    assert depths[osp.join('shared_gpm', 'none', 'stage2_det.py')] == 3
    deep = {k: v for k, v in depths.items() if v > 3}
    assert not deep, deep


@pytest.mark.parametrize('strategy', strategies())
def test_stage_configs_do_not_name_a_strategy(strategy):
    for cfg in train_stages.stage_configs(strategy):
        assert 'strategy' not in load_config(osp.relpath(cfg, ROOT)), cfg


def test_recipe_folders_carry_readme_and_metafile():
    for folder in recipe_folders():
        if '/' in folder:  # a variant: its rows are in the recipe's table
            continue
        path = osp.join(CONFIGS, folder)
        with open(osp.join(path, 'README.md')) as f:
            readme = f.read()
        assert '| ' in readme, f'{folder}/README.md has no results table'
        with open(osp.join(path, 'metafile.yml')) as f:
            meta = yaml.safe_load(f)
        for model in meta['Models']:
            assert osp.isfile(osp.join(ROOT, model['Config'])), model
            assert {r['Task'] for r in model['Results']} <= {
                'Semantic Segmentation', 'Object Detection',
                'Image Classification'}


def test_a_variant_runs_after_its_recipes_stage1():
    cfgs = train_stages.stage_configs('shared_gpm/none')
    assert cfgs[0] == osp.join(CONFIGS, 'shared_gpm', 'stage1_seg.py')
    assert cfgs[1] == osp.join(CONFIGS, 'shared_gpm', 'none', 'stage2_det.py')
    assert train_stages.recipe_work_dir(cfgs, seed=2) == osp.join(
        'work_dirs', 'shared_gpm_seed2', 'none')
    # a variant with a stage 1 of its own trains it in its own folder
    own = train_stages.stage_configs('shared_gpm/neck256')
    assert own[0] == osp.join(CONFIGS, 'shared_gpm', 'neck256',
                              'stage1_seg.py')
    assert train_stages.recipe_work_dir(own, seed=0) == osp.join(
        'work_dirs', 'shared_gpm_seed0', 'neck256')
    assert train_stages.recipe_work_dir(
        train_stages.stage_configs('configs/shared_gpm'), demo=True) == \
        osp.join('work_dirs', 'shared_gpm_demo')
    assert train_stages.recipe_work_dir(
        train_stages.stage_configs('replay')) == osp.join('work_dirs',
                                                          'replay')
    assert osp.basename(train_stages.stage_configs('replay')[0]) == \
        'stage1_seg.py'


def test_checkpoint_of_another_width_is_an_error(tmp_path):
    """tools/train.py checks ``load_from`` with check_fit: a plain
    stage-1 checkpoint cannot start the shared recipe's stage 2."""
    plain = build(train_stages.stage_configs('replay')[0])
    wide = build(train_stages.stage_configs('shared_gpm')[1])
    ckpt = tmp_path / 'epoch_16.pth'
    torch.save(dict(state_dict=plain.state_dict(), meta={}), ckpt)
    check_fit(plain, str(ckpt))  # same architecture: fine
    with pytest.raises(ValueError, match=r'epoch_16\.pth: \d+ tensors .*'
                       r'head\.convs\.0\.weight: \(128, 96, 3, 3\)'):
        check_fit(wide, str(ckpt))


def assert_deep_stages_train(cfg_path, lr_mult):
    """The stage trains the backbone's stride-16/32 stages (features 7 on)
    at ``lr_mult`` of the rate with their BatchNorm statistics fixed,
    beside the projection and the replay."""
    cfg = load_config(osp.relpath(cfg_path, ROOT))
    model = build(cfg_path)
    trained = {n.split('.')[1] for n, p in model.backbone.named_parameters()
               if p.requires_grad}
    assert trained == {str(i) for i in range(7, 19)}
    model.train()
    assert not any(m.training for m in model.backbone.modules()
                   if isinstance(m, torch.nn.BatchNorm2d))
    assert cfg.optim_wrapper.paramwise_cfg.custom_keys == dict(
        backbone=dict(lr_mult=lr_mult))
    assert [h['type'] for h in cfg.custom_hooks] == [
        'GradientProjectionHook', 'ReplayHook']
    return cfg


def test_deep_det_trains_the_deep_backbone_stages_in_stage2_only():
    """shared_gpm/deep_det: detection trains the backbone's stride-16/32
    stages at 1/30 of the rate, its images of rare classes repeated;
    classification finds the whole backbone frozen again."""
    cfgs = train_stages.stage_configs('shared_gpm/deep_det')
    stage2 = assert_deep_stages_train(cfgs[1], 1 / 30)
    assert stage2.train_dataloader.dataset.type == 'ClassBalancedDataset'
    stage3 = build(cfgs[2])
    assert not any(p.requires_grad for p in stage3.backbone.parameters())


@pytest.mark.parametrize('variant,lr_mult', [('deep_det_cls', 1 / 30),
                                             ('deep_det_cls10', 1 / 10)])
def test_deep_det_cls_trains_the_deep_backbone_stages_in_stage3_too(
        variant, lr_mult):
    """shared_gpm/deep_det_cls(10): deep_det's stage 2, and in stage 3 the
    same backbone stages keep training (1/30 or 1/10 of the rate)."""
    cfgs = train_stages.stage_configs('shared_gpm/' + variant)
    deep_det = train_stages.stage_configs('shared_gpm/deep_det')
    assert load_config(osp.relpath(cfgs[1], ROOT)).to_dict() == \
        load_config(osp.relpath(deep_det[1], ROOT)).to_dict()
    assert_deep_stages_train(cfgs[2], lr_mult)


def test_pca_lateral_sets_and_freezes_the_stride32_lateral_in_stage1():
    """shared_gpm/pca_lateral: stage 1 starts the 1280 -> 96 lateral at the
    principal directions of its input on segmentation's images and keeps
    it there (its BatchNorm and the rest of the neck learn); stages 2 and
    3 are deep_det's and deep_det_cls's on that stage 1."""
    cfgs = train_stages.stage_configs('shared_gpm/pca_lateral')
    stage1 = load_config(osp.relpath(cfgs[0], ROOT))
    [hook] = stage1.custom_hooks
    assert hook['type'] == 'PrincipalComponentInitHook'
    assert hook['layers'] == ['neck.laterals.2.0']
    assert hook['dataset'] == stage1.seg_train_plain
    model = build(cfgs[0])
    lateral = model.neck.laterals[2]
    assert lateral[0].weight.shape == (96, 1280, 1, 1)
    assert not lateral[0].weight.requires_grad
    assert all(p.requires_grad for p in lateral[1].parameters())
    assert all(p.requires_grad for p in model.neck.fuse.parameters())
    for i, same_as in ((1, 'deep_det'), (2, 'deep_det_cls')):
        ours = load_config(osp.relpath(cfgs[i], ROOT)).to_dict()
        theirs = load_config(osp.relpath(train_stages.stage_configs(
            'shared_gpm/' + same_as)[i], ROOT)).to_dict()
        assert ours.pop('load_from').startswith(
            'work_dirs/shared_gpm/pca_lateral/')
        theirs.pop('load_from')
        assert ours == theirs


def test_pca_path_freezes_the_principal_path_and_stage3_trains_cls_rows():
    """shared_gpm/pca_path: the convolutions from the backbone's last level
    to the head's hidden map start at principal directions in stage 1 and
    stay frozen in stage 2 (the other laterals and the head's second conv
    learn); stage 3 trains the output conv alone, without weight decay."""
    cfgs = train_stages.stage_configs('shared_gpm/pca_path')
    path = ['neck.laterals.2.0', 'neck.fuse.0', 'head.convs.0']
    stage1 = load_config(osp.relpath(cfgs[0], ROOT))
    [hook] = stage1.custom_hooks
    assert hook['type'] == 'PrincipalComponentInitHook'
    assert hook['layers'] == path
    for cfg in cfgs[:2]:
        model = build(cfg)
        assert not any(model.get_submodule(n).weight.requires_grad
                       for n in path)
        assert model.head.convs[3].weight.requires_grad
        assert model.neck.laterals[1][0].weight.requires_grad
    stage3 = load_config(osp.relpath(cfgs[2], ROOT))
    assert stage3.custom_hooks == []
    assert stage3.optim_wrapper.optimizer.weight_decay == 0.0
    trainable = {n for n, p in build(cfgs[2]).named_parameters()
                 if p.requires_grad}
    assert trainable == {'head.out_conv.weight', 'head.out_conv.bias'}


def stage_dicts(strategy, **overrides):
    """Each stage config of ``strategy`` as a plain dict, without its
    ``load_from`` (which names the variant's own work dir), with
    ``overrides`` merged in."""
    out = []
    for path in train_stages.stage_configs(strategy):
        cfg = load_config(osp.relpath(path, ROOT))
        cfg.pop('load_from', None)
        cfg.merge_from_dict(overrides)
        out.append(cfg.to_dict())
    return out


def test_pca_path256_is_pca_path_with_a_256_wide_neck():
    """shared_gpm/pca_path256 changes the neck's width and nothing else."""
    wide = stage_dicts('shared_gpm/pca_path256')
    assert [c['model']['neck']['out_channels'] for c in wide] == [256] * 3
    assert stage_dicts('shared_gpm/pca_path256',
                       **{'model.neck.out_channels': 96}) == \
        stage_dicts('shared_gpm/pca_path')


def test_pca_path_signed_is_pca_path_with_signed_pairs_on_a_192_wide_neck():
    """shared_gpm/pca_path_signed: the path's rows come with both signs, on
    a neck twice as wide (96 directions of the last level, as pca_path);
    nothing else changes."""
    signed = stage_dicts('shared_gpm/pca_path_signed')
    assert [c['model']['neck']['out_channels'] for c in signed] == [192] * 3
    narrow = stage_dicts('shared_gpm/pca_path_signed',
                         **{'model.neck.out_channels': 96})
    [hook] = narrow[0]['custom_hooks']
    assert hook.pop('signed') is True
    assert narrow == stage_dicts('shared_gpm/pca_path')
    model = build(train_stages.stage_configs('shared_gpm/pca_path_signed')[0])
    assert model.neck.laterals[2][0].weight.shape == (192, 1280, 1, 1)


def test_pca_path_through_is_pca_path_signed_with_the_path_through_the_head():
    """shared_gpm/pca_path_through: the first 128 rows of the head's second
    conv join the path (set in stage 1, kept in stages 1 and 2; stage 3
    freezes the whole conv), and stage 3 reads classification's images
    larger; nothing else changes."""
    through = stage_dicts('shared_gpm/pca_path_through')
    signed = stage_dicts('shared_gpm/pca_path_signed')
    rows = {'head.convs.3': 128}
    keep = dict(type='FrozenRowsHook', rows=rows)
    init = dict(signed[0]['custom_hooks'][0], rows=rows)
    init['layers'] = init['layers'] + ['head.convs.3']
    assert through[0]['custom_hooks'] == [init, keep]
    assert through[1]['custom_hooks'] == signed[1]['custom_hooks'] + [keep]
    assert 'head.convs' in through[2]['model']['frozen']
    # stage 3 reads classification's images at 320x320 instead of 224
    stage3 = through[2]
    assert stage3['cls_size_large'] == 320
    crop = stage3['train_dataloader']['dataset']['pipeline'][2]
    assert crop == dict(signed[2]['cls_train_pipeline'][2], size=320)
    for cls_val in (stage3['cls_val'],
                    stage3['val_dataloader']['dataset']['datasets'][2],
                    stage3['test_dataloader']['dataset']['datasets'][2]):
        assert cls_val['pipeline'][1]['scale'] == (320, 320)
        assert dict(cls_val, pipeline=None) == \
            dict(signed[2]['cls_val'], pipeline=None)
    for key in ('cls_train', 'cls_val', 'train_dataloader',
                'val_dataloader', 'test_dataloader'):
        stage3.pop(key), signed[2].pop(key)
    for cfg in through + signed:
        del cfg['custom_hooks']
    assert through == signed


def test_pca_path_through96_keeps_96_directions_through_the_head():
    """shared_gpm/pca_path_through96: pca_path_through whose path takes the
    first 192 rows of the head's second conv (96 directions with both
    signs) instead of 128, set in stage 1 and kept in stages 1 and 2;
    nothing else changes, and the rows that learn are the other 64."""
    ours = stage_dicts('shared_gpm/pca_path_through96')
    through = stage_dicts('shared_gpm/pca_path_through')
    init, keep = ours[0]['custom_hooks']
    assert init == dict(through[0]['custom_hooks'][0],
                        rows={'head.convs.3': 192})
    assert keep == dict(type='FrozenRowsHook', rows={'head.convs.3': 192})
    assert ours[1]['custom_hooks'] == through[1]['custom_hooks'][:-1] + [keep]
    for cfg in ours[:2] + through[:2]:
        del cfg['custom_hooks']
    assert ours == through
    model = build(train_stages.stage_configs('shared_gpm/pca_path_through96')
                  [1])
    conv = model.head.convs[3]
    assert conv.out_channels == 256 and conv.weight.requires_grad


def assert_small_windows(mine, theirs):
    """``mine`` is the dataset ``theirs`` whose rescaled images are cut at
    384x384 (and padded to it) instead of 512x512; nothing else differs."""
    steps = {t['type']: t for t in mine['pipeline']}
    assert steps['RandomCrop']['crop_size'] == (384, 384)
    assert steps['Pad']['size'] == (384, 384)
    window = ('RandomCrop', 'Pad')
    assert [t['type'] for t in mine['pipeline']] == \
        [t['type'] for t in theirs['pipeline']]
    for step, their_step in zip(mine['pipeline'], theirs['pipeline']):
        if step['type'] in window:
            their_step = dict(their_step, **{
                k: step[k] for k in ('crop_size', 'size') if k in step})
        assert step == their_step
    assert dict(mine, pipeline=None) == dict(theirs, pipeline=None)


def test_pca_path_through_det384_cuts_smaller_windows_in_stage2():
    """shared_gpm/pca_path_through_det384: pca_path_through whose stage 2
    cuts its training windows (detection's and the replayed segmentation
    samples') at 384x384 from images rescaled as before; the rest of the
    recipe, validation included, is unchanged."""
    ours = stage_dicts('shared_gpm/pca_path_through_det384')
    through = stage_dicts('shared_gpm/pca_path_through')
    assert ours[0] == through[0] and ours[2] == through[2]
    loader, their_loader = (ours[1].pop('train_dataloader'),
                            through[1].pop('train_dataloader'))
    assert_small_windows(loader['dataset'].pop('dataset'),
                         their_loader['dataset'].pop('dataset'))
    assert loader == their_loader  # ClassBalancedDataset's, as theirs
    replay = ours[1]['custom_hooks'][1]
    their_replay = through[1]['custom_hooks'][1]
    assert_small_windows(replay['tasks']['seg'].pop('dataset'),
                         their_replay['tasks']['seg'].pop('dataset'))
    assert replay == their_replay
    ours[1].pop('custom_hooks'), through[1].pop('custom_hooks')
    assert ours[1] == through[1]
    assert ours[1]['val_dataloader']['dataset']['datasets'][1][
        'pipeline'][1]['scale'] == (512, 512)


def test_pca_path_through_seg384_cuts_smaller_windows_in_stage1():
    """shared_gpm/pca_path_through_seg384: pca_path_through whose stage 1
    cuts segmentation's training windows at 384x384; the path is still set
    on whole 512x512 images, and stages 2 and 3 are pca_path_through's."""
    ours = stage_dicts('shared_gpm/pca_path_through_seg384')
    through = stage_dicts('shared_gpm/pca_path_through')
    assert ours[1:] == through[1:]
    loader, their_loader = (ours[0].pop('train_dataloader'),
                            through[0].pop('train_dataloader'))
    assert_small_windows(loader.pop('dataset'), their_loader.pop('dataset'))
    assert loader == their_loader
    assert ours[0] == through[0]
    init = ours[0]['custom_hooks'][0]
    assert {t['type']: t for t in init['dataset']['pipeline']}['Resize'][
        'scale'] == (512, 512)


def test_pca_path_through_cls448_doubles_classifications_images():
    """shared_gpm/pca_path_through_cls448: pca_path_through whose stage 3
    trains and tests classification on 448x448 images instead of 320x320;
    stages 1 and 2, and the other tasks' validation, are unchanged."""
    ours = stage_dicts('shared_gpm/pca_path_through_cls448')
    through = stage_dicts('shared_gpm/pca_path_through')
    assert ours[:2] == through[:2]
    mine, theirs = ours[2], through[2]
    crop = {t['type']: t for t in mine['train_dataloader']['dataset'][
        'pipeline']}['RandomResizedCrop']
    assert crop['size'] == 448 and crop['scale'] == (0.35, 1.0)
    val = mine['val_dataloader']['dataset']['datasets']
    assert val[2]['pipeline'][1]['scale'] == (448, 448)
    their_val = theirs['val_dataloader']['dataset']['datasets']
    assert their_val[2]['pipeline'][1]['scale'] == (320, 320)
    assert val[:2] == their_val[:2]
    for cfg in (mine, theirs):
        for key in ('train_dataloader', 'val_dataloader', 'test_dataloader',
                    'cls_train', 'cls_val'):
            cfg.pop(key)
    assert mine == theirs


def test_pca_path_through_backbone50_slows_the_backbone_in_stage2():
    """shared_gpm/pca_path_through_backbone50: pca_path_through whose
    backbone stages learn detection at 1/50 of the rate instead of 1/30;
    nothing else changes."""
    ours = stage_dicts('shared_gpm/pca_path_through_backbone50')
    through = stage_dicts('shared_gpm/pca_path_through')
    keys = [c['optim_wrapper']['paramwise_cfg']['custom_keys']
            for c in (ours[1], through[1])]
    assert keys[0] == {'backbone': dict(lr_mult=1 / 50)}
    assert keys[1] == {'backbone': dict(lr_mult=1 / 30)}
    keys[0]['backbone']['lr_mult'] = 1 / 30
    assert ours == through


def test_pca_path_through_gpm_backbone90_e20_shortens_stages_2_and_3():
    """shared_gpm/pca_path_through_gpm_backbone90_e20:
    pca_path_through_gpm_backbone90 with stages 2 and 3 at 20 epochs;
    nothing else changes."""
    ours = stage_dicts('shared_gpm/pca_path_through_gpm_backbone90_e20')
    base = stage_dicts('shared_gpm/pca_path_through_gpm_backbone90')
    assert [c['train_cfg']['max_epochs'] for c in ours] == [32, 20, 20]
    assert [c['train_cfg']['max_epochs'] for c in base] == [32, 24, 30]
    for c, b in zip(ours, base):
        c['train_cfg']['max_epochs'] = b['train_cfg']['max_epochs']
    assert ours == base


def test_e20_cls32_der99_variants_train_the_stride32_stages_in_stage_3():
    """shared_gpm/pca_path_through_gpm_backbone90_e20_cls32_der99: the e20
    variant's stages 1 and 2, then
    pca_path_through_gpm_backbone_cls32_der99's stage 3; its _refit
    variant also refits detection's output rows to the stored outputs at
    the end of stage 3, and changes nothing else."""
    name = 'shared_gpm/pca_path_through_gpm_backbone90_e20_cls32_der99'
    ours = stage_dicts(name)
    e20 = stage_dicts('shared_gpm/pca_path_through_gpm_backbone90_e20')
    der99 = stage_dicts(
        'shared_gpm/pca_path_through_gpm_backbone_cls32_der99')
    assert ours[:2] == e20[:2] and ours[2] == der99[2]
    refit = stage_dicts(name + '_refit')
    replay = refit[2]['custom_hooks'][1]
    assert replay['type'] == 'ReplayHook'
    assert replay.pop('refit_rows') == ['det']
    assert refit == ours


def test_refit_cutmix_variant_adds_cutmix_for_classification_only():
    """..._refit_cutmix: the recommended recipe with classification's
    samples mixed by CutMix in stage 3 (half the batches), nothing else
    changed."""
    name = ('shared_gpm/'
            'pca_path_through_gpm_backbone90_e20_cls32_der99_refit')
    refit, ours = stage_dicts(name), stage_dicts(name + '_cutmix')
    assert ours[:2] == refit[:2]
    augments = ours[2]['model']['data_preprocessor'].pop('batch_augments')
    classes = ours[2]['model']['head']['num_classes']['cls']
    assert augments == dict(cls=dict(type='CutMix', num_classes=classes,
                                     prob=0.5))
    assert ours[2] == refit[2]


def test_pca_path_wide_keeps_the_path_apart_from_the_finer_levels():
    """shared_gpm/pca_path_wide: pca_path_through on a 256-wide neck whose
    stride-8/16 laterals write its trailing 64 channels; the path is the
    leading rows of each layer, set to read only the path before it and
    kept in stages 1 and 2; stage 3 is pca_path_through's on that neck."""
    wide = stage_dicts('shared_gpm/pca_path_wide')
    through = stage_dicts('shared_gpm/pca_path_through')
    neck = dict(out_channels=256, lateral_channels=(64, 64, 256))
    rows = {'neck.laterals.2.0': 192, 'neck.fuse.0': 192,
            'head.convs.0': 192, 'head.convs.3': 128}
    init, keep = wide[0]['custom_hooks']
    assert init['layers'] == list(rows) and init['rows'] == rows
    assert init['inputs'] == {'neck.fuse.0': 192, 'head.convs.0': 192,
                              'head.convs.3': 192}
    assert init['signed'] is True
    assert keep == dict(type='FrozenRowsHook', rows=rows)
    assert wide[1]['custom_hooks'][-1] == keep
    assert wide[1]['custom_hooks'][:-1] == through[1]['custom_hooks'][:-1]
    for cfg in wide:
        assert {k: v for k, v in cfg['model']['neck'].items()
                if k in neck} == neck
    # no layer is frozen whole in stage 1 or 2: the path's rows are kept
    assert wide[0]['model']['frozen'] == ['backbone']
    assert wide[1]['model']['frozen'] == []
    for cfg in wide + through:
        cfg['model']['neck'] = cfg['custom_hooks'] = None
    for cfg in wide[:2] + through[:2]:
        cfg['model']['frozen'] = None
    assert wide[2] == through[2]
    model = build(train_stages.stage_configs('shared_gpm/pca_path_wide')[0])
    assert model.neck.laterals[0][0].weight.shape == (64, 32, 1, 1)
    assert model.neck.laterals[2][0].weight.shape == (256, 1280, 1, 1)
    assert model.head.convs[0].weight.shape[:2] == (256, 256)


def test_pca_path_free_keeps_the_path_and_protects_all_earlier_images():
    """shared_gpm/pca_path_free: stages 1 and 2 are pca_path's; in stage 3
    the path stays frozen, the layers off it learn under a projection that
    keeps 99.5% of the energy of every training image of segmentation and
    detection, with the replayed samples."""
    free = stage_dicts('shared_gpm/pca_path_free')
    path = stage_dicts('shared_gpm/pca_path')
    assert free[:2] == path[:2]
    stage3 = free[2]
    projection, replay = stage3['custom_hooks']
    assert projection['type'] == 'GradientProjectionHook'
    assert projection['threshold'] == 0.995
    for task, split in (('seg', 'seg_train_plain'),
                        ('det', 'det_train_plain')):
        assert projection['tasks'][task]['dataset'] == stage3[split]
        # more than the course layout's training images (seg 240, det 217)
        assert projection['tasks'][task]['num_samples'] >= 240
    assert replay['type'] == 'ReplayHook'
    cfg = train_stages.stage_configs('shared_gpm/pca_path_free')[2]
    trainable = {n.rsplit('.', 1)[0] for n, p in build(cfg).named_parameters()
                 if p.requires_grad}
    path_layers = {'neck.laterals.2.0', 'neck.fuse.0', 'head.convs.0'}
    assert not trainable & path_layers
    assert {'head.convs.3', 'neck.laterals.1.0',
            'head.out_conv'} <= trainable
    assert not any(n.startswith('backbone') for n in trainable)


def test_pca_path_frozen_backbone_differs_from_pca_path_in_stage2_only():
    """shared_gpm/pca_path_frozen_backbone: pca_path's stages 1 and 3; in
    stage 2 the backbone stays frozen (weights and BatchNorm statistics)
    while the layers off the path learn detection."""
    ours = stage_dicts('shared_gpm/pca_path_frozen_backbone')
    path = stage_dicts('shared_gpm/pca_path')
    assert ours[0] == path[0] and ours[2] == path[2]
    assert ours[1] != path[1]
    cfg = train_stages.stage_configs('shared_gpm/pca_path_frozen_backbone')[1]
    model = build(cfg)
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    assert not any(n.startswith('backbone') for n in trainable)
    assert 'head.convs.3.weight' in trainable
    model.train()
    assert not any(m.training for m in model.backbone.modules()
                   if isinstance(m, torch.nn.BatchNorm2d))


@pytest.mark.parametrize('variant,base,extra', [
    ('pca_path_through_gpm_backbone', 'pca_path_through', {}),
    ('pca_path_wide_gpm_backbone', 'pca_path_wide', {}),
    ('pca_path_wide_gpm_backbone90', 'pca_path_wide',
     dict(layer_threshold={'backbone': 0.9})),
    ('pca_path_through_gpm_backbone90', 'pca_path_through',
     dict(layer_threshold={'backbone': 0.9}))])
def test_gpm_backbone_variants_project_the_deep_stages_in_stage2(variant,
                                                                 base,
                                                                 extra):
    """shared_gpm/*_gpm_backbone*: their base's stages 1 and 3; in stage
    2 the projection also covers the backbone stages that detection trains
    (features.7-18), whose 1x1 convolutions it protects (at the energy
    ``extra`` names, if any) and whose depthwise ones it leaves free."""
    from onehead.engine.hooks import GradientProjectionHook
    ours = stage_dicts(f'shared_gpm/{variant}')
    theirs = stage_dicts(f'shared_gpm/{base}')
    assert ours[0] == theirs[0] and ours[2] == theirs[2]
    projection = ours[1]['custom_hooks'][0]
    deep = [f'backbone.features.{i}' for i in range(7, 19)]
    assert projection == dict(theirs[1]['custom_hooks'][0],
                              modules=deep + ['neck', 'head'], **extra)
    assert ours[1]['custom_hooks'][1:] == theirs[1]['custom_hooks'][1:]
    del ours[1]['custom_hooks'], theirs[1]['custom_hooks']
    assert ours[1] == theirs[1]
    cfg = train_stages.stage_configs(f'shared_gpm/{variant}')[1]
    model = build(cfg)
    hook = GradientProjectionHook(tasks={}, modules=projection['modules'])
    protected = hook.protected(model)
    trainable_backbone = {n[:-len('.weight')] for n, p in
                          model.named_parameters() if p.requires_grad and
                          n.startswith('backbone') and n.endswith('.weight')
                          and p.dim() == 4}
    # every trained backbone conv is protected or named as grouped
    assert trainable_backbone == {n for n in protected
                                  if n.startswith('backbone')} | \
        set(hook.grouped)
    assert len(hook.grouped) == 11  # one depthwise conv per block 7-17


def test_backbone90_cls_trains_the_deep_stages_under_projection_in_stage3():
    """shared_gpm/pca_path_wide_gpm_backbone90_cls: its base's stages 1 and
    2; in stage 3 the backbone's deep stages learn classification beside
    its output rows: every convolution that learns there is one the
    projection protects (from segmentation's and detection's patches), the
    depthwise ones, the neck and the head's convs are frozen, and no
    BatchNorm moves its statistics."""
    from onehead.engine.hooks import GradientProjectionHook
    variant = 'shared_gpm/pca_path_wide_gpm_backbone90_cls'
    ours = stage_dicts(variant)
    base = stage_dicts('shared_gpm/pca_path_wide_gpm_backbone90')
    assert ours[:2] == base[:2]
    (projection, ) = ours[2]['custom_hooks']
    assert projection['type'] == 'GradientProjectionHook'
    assert set(projection['tasks']) == {'seg', 'det'}
    model = build(train_stages.stage_configs(variant)[2])
    hook = GradientProjectionHook(tasks={}, modules=projection['modules'])
    protected = set(hook.protected(model))
    learning = {n[:-len('.weight')] for n, p in model.named_parameters()
                if p.requires_grad and p.dim() == 4}
    assert learning == protected | {'head.out_conv'}
    assert 'backbone.features.18.0' in protected and len(protected) == 23
    assert len(hook.grouped) == 11 and hook.grouped_learning(model) == []
    model.train()
    assert not any(m.training for m in model.modules()
                   if isinstance(m, torch.nn.BatchNorm2d))


def test_through_cls_der_holds_detection_through_the_backbone_in_stage3():
    """shared_gpm/pca_path_through_gpm_backbone_cls_der: its base's stages
    1 and 2; in stage 3 the learning convolutions are the projected
    backbone ones and the output conv, whose detection and segmentation
    rows (exactly those) stay kept, and detection's replayed samples come
    as plain views with stored outputs only."""
    from onehead.engine.hooks import FrozenRowsHook, GradientProjectionHook
    variant = 'shared_gpm/pca_path_through_gpm_backbone_cls_der'
    ours = stage_dicts(variant)
    base = stage_dicts('shared_gpm/pca_path_through_gpm_backbone')
    assert ours[:2] == base[:2]
    projection, replay, rows = ours[2]['custom_hooks']
    assert set(projection['tasks']) == {'seg', 'det'}
    assert replay['type'] == 'ReplayHook' and set(replay['tasks']) == {'det'}
    assert replay['per_batch'] == 0 and replay['outputs']['per_batch'] == 2
    model = build(train_stages.stage_configs(variant)[2])
    slices = model.head.task_slices()
    assert rows == dict(type='FrozenRowsHook', rows={
        'head.out_conv': ['det', 'seg']})
    assert FrozenRowsHook.leading_rows(
        model, 'head.out_conv', ['det', 'seg']) == slices['cls'].start
    assert slices['det'].start == 0 and slices['seg'].stop == \
        slices['cls'].start
    hook = GradientProjectionHook(tasks={}, modules=projection['modules'])
    protected = set(hook.protected(model))
    learning = {n[:-len('.weight')] for n, p in model.named_parameters()
                if p.requires_grad and p.dim() == 4}
    assert learning == protected | {'head.out_conv'}
    assert len(hook.grouped) == 11 and hook.grouped_learning(model) == []
    model.train()
    assert not any(m.training for m in model.modules()
                   if isinstance(m, torch.nn.BatchNorm2d))


def test_through_cls_der99_changes_only_detections_energy():
    """shared_gpm/pca_path_through_gpm_backbone_cls_der99 is ``..._cls_der``
    with detection's patches kept at 99% of their energy (segmentation's
    at 97%, as before) on the same deep stages: every stage else is the
    same."""
    variant = 'shared_gpm/pca_path_through_gpm_backbone_cls_der'
    ours, base = stage_dicts(f'{variant}99'), stage_dicts(variant)
    assert ours[:2] == base[:2]
    projection = ours[2]['custom_hooks'][0]
    assert projection['threshold'] == dict(seg=0.97, det=0.99)
    assert base[2]['custom_hooks'][0]['threshold'] == 0.97
    base[2]['custom_hooks'][0]['threshold'] = projection['threshold']
    assert ours[2] == base[2]


@pytest.mark.parametrize('variant,extra', [
    ('pca_path_through_gpm_backbone_cls32_der', {}),
    ('pca_path_through_gpm_backbone_cls32_der99',
     dict(threshold=dict(seg=0.97, det=0.99))),
    ('pca_path_through_gpm_backbone_cls32_der99_lr3e4',
     dict(threshold=dict(seg=0.97, det=0.99)))])
def test_through_cls32_der_trains_only_the_stride32_stages_in_stage3(
        variant, extra):
    """shared_gpm/pca_path_through_gpm_backbone_cls32_der*: their base's
    stages 1 and 2; in stage 3 the convolutions that learn are the
    projected 1x1 ones of the stride-32 stages (features 14-18) and the
    output conv, whose detection and segmentation rows stay kept; the
    stride-16 stages, every depthwise conv and every BatchNorm stay put,
    and the replay and kept rows are those of ``..._cls_der`` (the
    projection at the energy ``extra`` names, if any)."""
    from onehead.engine.hooks import GradientProjectionHook
    variant = f'shared_gpm/{variant}'
    ours = stage_dicts(variant)
    base = stage_dicts('shared_gpm/pca_path_through_gpm_backbone')
    assert ours[:2] == base[:2]
    der = stage_dicts('shared_gpm/pca_path_through_gpm_backbone_cls_der')[2]
    projection, replay, rows = ours[2]['custom_hooks']
    assert projection == dict(der['custom_hooks'][0], modules=[
        f'backbone.features.{i}' for i in range(14, 19)], **extra)
    assert [replay, rows] == der['custom_hooks'][1:]
    model = build(train_stages.stage_configs(variant)[2])
    hook = GradientProjectionHook(tasks={}, modules=projection['modules'])
    protected = set(hook.protected(model))
    assert len(protected) == 9 and 'backbone.features.18.0' in protected
    learning = {n[:-len('.weight')] for n, p in model.named_parameters()
                if p.requires_grad and p.dim() == 4}
    assert learning == protected | {'head.out_conv'}
    assert not any(p.requires_grad for n, p in model.named_parameters()
                   if n.startswith('backbone.features.13.'))
    assert len(hook.grouped) == 4 and hook.grouped_learning(model) == []
    model.train()
    assert not any(m.training for m in model.modules()
                   if isinstance(m, torch.nn.BatchNorm2d))


def test_through_cls32_der99_on_pca_path_through_stage2():
    """shared_gpm/pca_path_through_cls32_der99 is ``pca_path_through``'s
    stages 1 and 2 (no projection on the backbone in stage 2) and
    ``pca_path_through_gpm_backbone_cls32_der99``'s stage 3; its stage-2
    projection protects the neck and head only, so stage 3's projection
    of the stride-32 stages lacks segmentation's bases there and collects
    them (``GradientProjectionHook.fill_missing``)."""
    ours = stage_dicts('shared_gpm/pca_path_through_cls32_der99')
    assert ours[:2] == stage_dicts('shared_gpm/pca_path_through')[:2]
    assert ours[2] == stage_dicts(
        'shared_gpm/pca_path_through_gpm_backbone_cls32_der99')[2]
    projection = ours[1]['custom_hooks'][0]
    assert projection['type'] == 'GradientProjectionHook'
    assert projection.get('modules', ('neck', 'head')) == ('neck', 'head')
    assert ours[2]['custom_hooks'][0]['modules'][0] == \
        'backbone.features.14'


def test_through_cls32_der99_w10_changes_only_the_stored_outputs_weight():
    """shared_gpm/pca_path_through_cls32_der99_w10 is
    ``pca_path_through_cls32_der99`` with detection's stored outputs
    matched at weight 10 instead of 1 in stage 3: the rest of every stage
    is the same."""
    variant = 'shared_gpm/pca_path_through_cls32_der99'
    ours, base = stage_dicts(f'{variant}_w10'), stage_dicts(variant)
    assert ours[:2] == base[:2]
    replay = ours[2]['custom_hooks'][1]
    assert replay['type'] == 'ReplayHook'
    assert replay['outputs'] == dict(weight=10.0, per_batch=2)
    assert base[2]['custom_hooks'][1]['outputs'] == dict(weight=1.0,
                                                         per_batch=2)
    base[2]['custom_hooks'][1]['outputs'] = replay['outputs']
    assert ours[2] == base[2]


def test_through_cls32_der99_lwf_adds_only_detection_distillation():
    """shared_gpm/pca_path_through_cls32_der99_lwf is
    ``pca_path_through_cls32_der99`` with one more stage-3 hook: LwF of
    detection's channels alone on classification's images; the rest of
    every stage is the same."""
    variant = 'shared_gpm/pca_path_through_cls32_der99'
    ours, base = stage_dicts(f'{variant}_lwf'), stage_dicts(variant)
    assert ours[:2] == base[:2]
    *hooks, lwf = ours[2]['custom_hooks']
    assert lwf == dict(type='LwFHook', tasks=['det'], temperature=2.0)
    ours[2]['custom_hooks'] = hooks
    assert ours[2] == base[2]


def test_through_cls32_der99_all_buffers_every_detection_image():
    """shared_gpm/pca_path_through_cls32_der99_all is
    ``pca_path_through_cls32_der99`` whose stage-3 detection buffer is
    larger than any training set (the rest of every stage the same), and
    such a buffer keeps every image of the set it streams."""
    variant = 'shared_gpm/pca_path_through_cls32_der99'
    ours, base = stage_dicts(f'{variant}_all'), stage_dicts(variant)
    assert ours[:2] == base[:2]
    det = ours[2]['custom_hooks'][1]['tasks']['det']
    assert det['size'] == 100000
    assert base[2]['custom_hooks'][1]['tasks']['det']['size'] == 48
    base[2]['custom_hooks'][1]['tasks']['det']['size'] = det['size']
    assert ours[2] == base[2]
    from onehead.engine.hooks.replay_buffer import ClassBalancedReservoir
    reservoir = ClassBalancedReservoir(det['size'])
    for i in range(300):
        reservoir.add(i, [i % 7] if i % 5 else [])
    assert reservoir.items == list(range(300))


def test_through_cls32_der99_lr3e4_changes_only_the_backbone_rate():
    """shared_gpm/pca_path_through_gpm_backbone_cls32_der99_lr3e4 is
    ``..._cls32_der99`` with the backbone's stage-3 rate at 1/100 of the
    output rows' (3e-4) instead of 1/300 (1e-4): the rest of every stage
    is the same, and the optimizer built from it gives the stride-32
    stages 3e-4."""
    variant = 'shared_gpm/pca_path_through_gpm_backbone_cls32_der99'
    ours = stage_dicts(f'{variant}_lr3e4')
    base = stage_dicts(variant)
    assert ours[:2] == base[:2]
    rate = ours[2]['optim_wrapper']['paramwise_cfg']['custom_keys']
    assert rate == {'backbone': dict(lr_mult=0.01)}
    base[2]['optim_wrapper']['paramwise_cfg']['custom_keys'] = rate
    assert ours[2] == base[2]
    from mmengine.optim import build_optim_wrapper
    path = train_stages.stage_configs(f'{variant}_lr3e4')[2]
    cfg = load_config(osp.relpath(path, ROOT))
    model = build(path)
    wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    names = {id(p): n for n, p in model.named_parameters()}
    rates = {names[id(p)]: g['lr'] for g in wrapper.optimizer.param_groups
             for p in g['params']}
    assert rates['backbone.features.18.0.weight'] == pytest.approx(3e-4)
    assert rates['head.out_conv.weight'] == pytest.approx(0.03)


@pytest.mark.parametrize('variant,convs', [
    ('pca_path_through_gpm_backbone_cls32_head_der99', ['head.convs.3']),
    ('pca_path_through_gpm_backbone_cls32_path_der99',
     ['neck.fuse.0', 'head.convs.0', 'head.convs.3'])])
def test_through_cls32_der99_with_the_path_convs_learning(variant, convs):
    """shared_gpm/pca_path_through_gpm_backbone_cls32_{head,path}_der99 are
    ``..._cls32_der99`` with ``convs`` (the head's second conv; the neck's
    fuse conv and both head convs) learning in stage 3 under the same
    projection: the convolutions that learn are the projected ones (the
    stride-32 stages' 1x1 convs and ``convs``) and the output conv; the
    neck's laterals, the other convs and every BatchNorm stay put; the
    optimizer gives ``convs`` 1e-3, the backbone 1e-4 and the output rows
    0.03."""
    from mmengine.optim import build_optim_wrapper

    from onehead.engine.hooks import GradientProjectionHook
    variant = f'shared_gpm/{variant}'
    ours = stage_dicts(variant)
    base = stage_dicts('shared_gpm/pca_path_through_gpm_backbone_cls32_der99')
    assert ours[:2] == base[:2]
    projection, replay, rows = ours[2]['custom_hooks']
    assert projection == dict(base[2]['custom_hooks'][0], modules=[
        f'backbone.features.{i}' for i in range(14, 19)] + convs)
    assert [replay, rows] == base[2]['custom_hooks'][1:]
    path = train_stages.stage_configs(variant)[2]
    model = build(path)
    hook = GradientProjectionHook(tasks={}, modules=projection['modules'])
    protected = set(hook.protected(model))
    assert len(protected) == 9 + len(convs) and set(convs) <= protected
    learning = {n[:-len('.weight')] for n, p in model.named_parameters()
                if p.requires_grad and p.dim() == 4}
    assert learning == protected | {'head.out_conv'}
    assert not any(p.requires_grad for n, p in model.named_parameters()
                   if n.startswith(('neck.laterals.', 'neck.fuse.1',
                                    'head.convs.1', 'head.convs.4',
                                    'backbone.features.13.')))
    assert len(hook.grouped) == 4 and hook.grouped_learning(model) == []
    model.train()
    assert not any(m.training for m in model.modules()
                   if isinstance(m, torch.nn.BatchNorm2d))
    cfg = load_config(osp.relpath(path, ROOT))
    wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    names = {id(p): n for n, p in model.named_parameters()}
    rates = {names[id(p)]: g['lr'] for g in wrapper.optimizer.param_groups
             for p in g['params']}
    for conv in convs:
        assert rates[f'{conv}.weight'] == pytest.approx(1e-3)
    assert rates['backbone.features.18.0.weight'] == pytest.approx(1e-4)
    assert rates['head.out_conv.weight'] == pytest.approx(0.03)


@pytest.mark.parametrize('suffix,pooling,pool', [
    ('avgmax', 'avg_max', lambda c: (c.mean((2, 3)) + c.amax((2, 3))) / 2),
    ('max', 'max', lambda c: c.amax((2, 3)))])
def test_through_cls32_der99_pooling_changes_only_the_cls_pooling(
        suffix, pooling, pool):
    """shared_gpm/pca_path_through_gpm_backbone_cls32_der99_{avgmax,max}
    are ``..._cls32_der99`` whose stage 3 pools classification's logits
    over the cells as the mean of their average and maximum, or as their
    maximum: every other line of every stage is the same, no parameter is
    added, and the built stage-3 model pools that way."""
    variant = 'shared_gpm/pca_path_through_gpm_backbone_cls32_der99'
    ours = stage_dicts(f'{variant}_{suffix}')
    base = stage_dicts(variant)
    assert ours[:2] == base[:2]
    assert ours[2]['model']['head'].pop('cls_pooling') == pooling
    assert ours[2] == base[2]
    paths = [train_stages.stage_configs(v)[2]
             for v in (variant, f'{variant}_{suffix}')]
    plain, pooled = (build(p) for p in paths)
    assert shapes(paths[0]) == shapes(paths[1])
    out = torch.randn(1, plain.head.out_channels, 4, 4)
    cls = out[:, plain.head.task_slices()['cls']]
    assert torch.equal(plain.head.split(out)['cls'], cls.mean((2, 3)))
    assert torch.allclose(pooled.head.split(out)['cls'], pool(cls))
