"""tools/recipe_results.py: the recipe tables and metafiles from hand-built
forgetting tables."""
import json
import os.path as osp

import pytest

from tests_helpers import import_tool

recipe_results = import_tool('recipe_results')


def forgetting_table(seg1, seg_final, det2, det_final, cls, person1,
                     person_final, minutes):
    """What train_stages writes, reduced to what the tables read."""
    seg_details = {'seg/IoU.person': person1, 'seg/IoU.background': 0.8}
    return dict(
        stages=[
            dict(stage='stage1_seg', details=seg_details),
            dict(stage='stage2_det', details={**seg_details,
                                              'det/AP50_agnostic': 0.1}),
            dict(stage='stage3_cls', details={
                'seg/IoU.person': person_final, 'seg/IoU.background': 0.8,
                'det/AP50_agnostic': 0.2})],
        final=dict(seg=seg_final, det=det_final, cls=cls),
        drops_pct=dict(seg=100 * (seg1 - seg_final) / seg1,
                       det=100 * (det2 - det_final) / det2, cls=0.0),
        pipeline_minutes=minutes)


def write_runs(tmp_path, runs):
    """Each run's results.json in ``tmp_path/rec/<rel>``."""
    for rel, res in runs.items():
        d = tmp_path / 'rec' / rel
        d.mkdir(parents=True)
        (d / 'results.json').write_text(json.dumps(res))


@pytest.fixture
def results_dir(tmp_path):
    runs = {'seed0': forgetting_table(0.2, 0.2, 0.1, 0.09, 0.8, 0.6, 0.5, 20),
            'seed1': forgetting_table(0.2, 0.3, 0.1, 0.11, 0.9, 0.6, 0.7, 30),
            'none/seed0': forgetting_table(0.2, 0.1, 0.1, 0.05, 0.95, 0.6,
                                           0.3, 10)}
    write_runs(tmp_path, runs)
    return str(tmp_path / 'rec')


def test_rows_are_the_recipe_and_its_variants_by_seed(results_dir):
    rows = recipe_results.runs_by_row(results_dir)
    assert sorted(rows) == ['', 'none']
    assert sorted(rows['']) == [0, 1]
    assert sorted(rows['none']) == [0]


def test_table_gives_mean_sd_worst_drop_and_no_sd_for_one_seed(results_dir):
    text = recipe_results.table('rec', recipe_results.runs_by_row(
        results_dir))
    lines = text.splitlines()
    recipe = next(ln for ln in lines if ln.startswith('| `rec` | 0, 1 |'))
    cells = [c.strip() for c in recipe.strip('|').split('|')]
    # seg 0.2 and 0.3; drops 0% and -50%, the worst 0.0
    assert cells[2] == '0.2500 ± 0.0707'
    assert cells[3] == '-25.0 ± 35.4 (0.0)'
    assert cells[4] == '0.1000 ± 0.0141'
    assert cells[5] == '0.0 ± 14.1 (10.0)'
    assert cells[6] == '0.8500 ± 0.0707'
    assert cells[7] == '25.0 ± 7.1'
    variant = next(ln for ln in lines if ln.startswith('| `rec/none` | 0 |'))
    cells = [c.strip() for c in variant.strip('|').split('|')]
    assert cells[2:8] == ['0.1000', '50.0', '0.0500', '50.0', '0.9500',
                          '10.0']
    # the reliable figures: final and the change from the task's own stage
    reliable = [ln for ln in lines if ln.startswith('| `rec')][2:]
    cells = [c.strip() for c in reliable[0].strip('|').split('|')]
    assert cells[1] == '0.8000 ± 0.0000 (+0.0000)'  # background
    assert cells[2] == '0.6000 ± 0.1414 (+0.0000)'  # person 0.6 -> 0.5, 0.7
    assert cells[3] == '-'  # no per-class AP50 in these tables
    assert cells[5] == '0.2000 ± 0.0000 (+0.1000)'  # from stage 2's 0.1
    cells = [c.strip() for c in reliable[1].strip('|').split('|')]
    assert cells[2] == '0.3000 (-0.3000)'


def test_metafile_carries_the_means_and_sd_only_over_seeds(results_dir):
    meta = recipe_results.metafile('rec', recipe_results.runs_by_row(
        results_dir))
    models = {m['Name']: m for m in meta['Models']}
    seg = models['rec']['Results'][0]
    assert seg['Task'] == 'Semantic Segmentation'
    assert seg['Metrics'] == {'mIoU': 0.25, 'mIoU sd': 0.0707,
                              'Drop %': -25.0}
    assert models['rec']['Metadata'] == {'Seeds': [0, 1], 'Minutes': 25.0}
    assert 'mIoU sd' not in models['rec/none']['Results'][0]['Metrics']
    assert models['rec/none']['Config'] == osp.join(
        'configs', 'rec', 'none', 'stage3_cls.py')


def test_minutes_in_another_precision_than_bf16_are_named(tmp_path):
    runs = {'seed0': forgetting_table(0.2, 0.2, 0.1, 0.1, 0.9, 0.6, 0.6, 30),
            'seed1': forgetting_table(0.2, 0.2, 0.1, 0.1, 0.9, 0.6, 0.6, 40),
            'wide/seed0': forgetting_table(0.2, 0.2, 0.1, 0.1, 0.9, 0.6, 0.6,
                                           138)}
    runs['seed1']['precision'] = 'bf16'  # seed0 predates the field: bf16
    runs['wide/seed0']['precision'] = 'fp32-channels-last'
    write_runs(tmp_path, runs)
    rows = recipe_results.runs_by_row(str(tmp_path / 'rec'))
    minutes = {}
    for line in recipe_results.table('rec', rows).splitlines()[2:4]:
        cells = [c.strip() for c in line.strip('|').split('|')]
        minutes[cells[0]] = cells[7]
    assert minutes == {'`rec`': '35.0 ± 7.1',
                       '`rec/wide`': '138.0 (fp32-channels-last)'}
    meta = {m['Name']: m['Metadata']
            for m in recipe_results.metafile('rec', rows)['Models']}
    assert meta['rec'] == {'Seeds': [0, 1], 'Minutes': 35.0}
    assert meta['rec/wide'] == {'Seeds': [0], 'Minutes': 138.0,
                                'Precision': ['fp32-channels-last']}


def test_a_rerun_in_another_precision_links_its_parents_configs(tmp_path):
    runs = {'wide/seed0': forgetting_table(0.2, 0.2, 0.1, 0.1, 0.9, 0.6,
                                           0.6, 138),
            'wide/bf16/seed0': forgetting_table(0.2, 0.2, 0.1, 0.1, 0.8,
                                                0.6, 0.6, 40)}
    runs['wide/seed0']['precision'] = 'fp32-channels-last'
    runs['wide/bf16/seed0']['precision'] = 'bf16'
    write_runs(tmp_path, runs)
    rows = recipe_results.runs_by_row(str(tmp_path / 'rec'))
    assert sorted(rows) == ['wide', 'wide/bf16']
    line = next(ln for ln in recipe_results.table('rec', rows).splitlines()
                if ln.startswith('| `rec/wide/bf16` |'))
    cells = [c.strip() for c in line.strip('|').split('|')]
    assert cells[6:] == ['0.8000', '40.0', '[wide](wide)',
                         '[0](../../results/rec/wide/bf16/seed0/results.txt)']
    meta = {m['Name']: m for m in recipe_results.metafile('rec', rows)[
        'Models']}
    assert meta['rec/wide/bf16']['Config'] == osp.join(
        'configs', 'rec', 'wide', 'stage3_cls.py')
    assert meta['rec/wide']['Config'] == meta['rec/wide/bf16']['Config']
    # a rerun on another machine (``rerun_*``) links them too
    assert recipe_results.config_folder('rec', 'wide/rerun_other_cpu') == \
        recipe_results.config_folder('rec', 'wide/bf16') == \
        osp.join('configs', 'rec', 'wide')
    assert recipe_results.config_folder('rec', 'wide/rerun') == osp.join(
        'configs', 'rec', 'wide', 'rerun')  # a variant named so: its own
