"""The command-line tools end to end (eval.py, tools/test.py)."""
import json
import os
import os.path as osp
import subprocess
import sys

import pytest
from mmengine.runner import save_checkpoint

from onehead.apis import init_model
from onehead.utils import saved_config, saved_model_config
from tests_helpers import ROOT, import_tool, load_config


@pytest.fixture(scope='module')
def course_ckpt(tmp_path_factory):
    cfg = load_config('configs/stage3_cls.py')
    cfg.model.backbone.init_cfg = None
    model = init_model(cfg)
    path = str(tmp_path_factory.mktemp('ckpt') / 'model.pt')
    save_checkpoint(dict(state_dict=model.state_dict()), path)
    return path


def test_eval_py_course_command(shared_data, course_ckpt, tmp_path):
    out = str(tmp_path / 'm.json')
    r = subprocess.run(
        [sys.executable, osp.join(ROOT, 'eval.py'), '--weights',
         course_ckpt, '--dataroot', shared_data, '--tasks', 'all',
         '--num-images', '4', '--out', out, '--bootstrap', '10', '--flip'],
        capture_output=True, text=True, cwd=str(tmp_path), timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    header = [ln for ln in r.stdout.splitlines() if ln.startswith('weights:')]
    assert header and header[0].endswith('(flip test)')
    for key in ('mAP@50', 'mIoU', 'Top-1'):
        assert key in r.stdout
    # the challenge's rules come first
    assert r.stdout.index('challenge rules:') < r.stdout.index('mAP@50')
    assert 'single branch' in r.stdout
    assert r.stdout.count('95% interval [') == 3
    metrics = json.load(open(out))
    assert {'det/AP50', 'seg/mIoU', 'seg/mIoU_all', 'cls/top1'} <= \
        set(metrics)
    for key in ('det/AP50', 'seg/mIoU', 'cls/top1'):
        assert metrics[f'{key}_ci_low'] <= metrics[f'{key}_ci_high']
    assert 0 <= metrics['cls/top1'] <= 1


def test_eval_py_builds_the_architecture_saved_in_the_checkpoint(
        shared_data, tmp_path):
    # a head the default config does not build: wider, private channels
    cfg = load_config('configs/stage3_cls.py')
    cfg.model.backbone.init_cfg = None
    cfg.model.head.update(feat_channels=32, private_channels=dict(cls=16))
    model = init_model(cfg)
    path = str(tmp_path / 'private.pt')
    save_checkpoint(dict(state_dict=model.state_dict(),
                         meta=dict(cfg=cfg.pretty_text)), path)
    assert saved_model_config(path).head.private_channels == dict(cls=16)
    r = subprocess.run(
        [sys.executable, osp.join(ROOT, 'eval.py'), '--weights', path,
         '--dataroot', shared_data, '--tasks', 'cls', '--num-images', '2'],
        capture_output=True, text=True, cwd=str(tmp_path), timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert 'Top-1' in r.stdout


def test_eval_py_reads_the_val_pipeline_saved_in_the_checkpoint(tmp_path):
    """A model trained for detection at 640x640 is evaluated at 640 on the
    data under --dataroot; a bare state dict keeps the default pipeline."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        'eval_py', osp.join(ROOT, 'eval.py'))
    eval_py = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(eval_py)
    cfg = load_config('configs/stage3_cls.py')
    trained = load_config('configs/stage3_cls.py')
    for step in trained.det_val.pipeline:  # detection trained at 640x640
        if 'scale' in step or 'size' in step:
            step.update({k: (640, 640) for k in ('scale', 'size')
                         if k in step})
    trained.det_val.data_root = '/elsewhere/mini_coco_det'
    path = str(tmp_path / 'm.pt')
    save_checkpoint(dict(state_dict={}, meta=dict(cfg=trained.pretty_text)),
                    path)
    ds = eval_py.val_dataset_cfg(cfg, saved_config(path), 'det')
    assert ds['data_root'] == cfg.det_val.data_root
    resize = [t for t in ds['pipeline'] if t['type'] == 'Resize']
    assert resize[0]['scale'] == (640, 640)
    ds = eval_py.val_dataset_cfg(cfg, None, 'det')
    assert ds['pipeline'] == cfg.det_val.pipeline
    assert [t['scale'] for t in ds['pipeline'] if t['type'] == 'Resize'] \
        == [(512, 512)]


def test_saved_model_config_of_a_bare_state_dict_is_none(course_ckpt):
    assert saved_model_config(course_ckpt) is None


def test_eval_py_missing_weights(tmp_path):
    r = subprocess.run([sys.executable, osp.join(ROOT, 'eval.py'),
                        '--weights', str(tmp_path / 'nope.pt')],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and 'nope.pt: no such checkpoint' in r.stderr


def test_test_py_tasks_and_show_dir(sample_data, tmp_path):
    env = dict(os.environ, ONEHEAD_DATASETS='sample_data',
               ONEHEAD_SAMPLE_DATA=sample_data)
    os.environ.update(ONEHEAD_DATASETS='sample_data')
    try:
        cfg = load_config('configs/stage3_cls.py', sample_data)
    finally:
        os.environ.pop('ONEHEAD_DATASETS')
    cfg.model.backbone.init_cfg = None
    model = init_model(cfg)
    ckpt = str(tmp_path / 'm.pth')
    save_checkpoint(dict(state_dict=model.state_dict()), ckpt)
    out = str(tmp_path / 'r.json')
    show = str(tmp_path / 'show')
    r = subprocess.run(
        [sys.executable, osp.join(ROOT, 'tools', 'test.py'),
         osp.join(ROOT, 'configs', 'stage3_cls.py'), ckpt, '--tasks', 'seg',
         'cls', '--out', out, '--show-dir', show, '--work-dir',
         str(tmp_path / 'wd'), '--bootstrap', '10'], env=env,
        capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    # the set-up dump is in the log file, not on the console
    assert 'Config:' not in r.stdout and 'System environment' not in \
        r.stdout
    import glob
    log = glob.glob(str(tmp_path / 'wd' / '2*' / '2*.log'))
    assert log and 'Config:' in open(log[0]).read()
    metrics = json.load(open(out))
    assert 'seg/mIoU' in metrics and 'cls/top1' in metrics
    assert metrics['seg/mIoU_ci_low'] <= metrics['seg/mIoU_ci_high']
    assert 'cls/top1_ci_low' in metrics
    assert not any(k.startswith('det/') for k in metrics)
    pics = sorted(os.listdir(show))
    assert len(pics) == 8  # 4 seg + 4 cls val images
    assert pics[0].startswith('cls_') and pics[-1].startswith('seg_')


def test_compare_results_writes_table(tmp_path):
    """tools/compare_results.py: strategies beside the references (each
    single_task* folder is one); a folder without results.json is skipped
    with a note."""
    for seed, seg in ((0, 0.2), (1, 0.3)):
        (tmp_path / 'replay' / f'seed{seed}').mkdir(parents=True)
        (tmp_path / 'replay' / f'seed{seed}' / 'results.json').write_text(
            json.dumps(dict(strategy='replay',
                            final=dict(seg=seg, det=0.05, cls=0.9),
                            drops_pct=dict(seg=1.0, det=0.0, cls=0.0),
                            flagged=[], minutes=10.0)))
    (tmp_path / 'broken').mkdir()
    (tmp_path / 'single_task').mkdir()
    (tmp_path / 'single_task' / 'seg_alone.json').write_text(
        json.dumps({'seg/mIoU': 0.4}))
    (tmp_path / 'single_task' / 'cls_alone.json').write_text(
        json.dumps({'cls/top1': 0.9}))
    (tmp_path / 'single_task_wide').mkdir()
    (tmp_path / 'single_task_wide' / 'seg_alone.json').write_text(
        json.dumps({'seg/mIoU': 0.25}))
    out = subprocess.run(
        [sys.executable, osp.join(ROOT, 'tools', 'compare_results.py'),
         str(tmp_path)], capture_output=True, text=True, check=True).stdout
    assert 'broken has no seed<N>/results.json, skipped' in out
    assert 'no joint reference' in out
    data = json.loads((tmp_path / 'comparison.json').read_text())
    assert data['rows'][0]['fraction']['single-task'] == dict(seg=0.5,
                                                              cls=1.0)
    assert data['rows'][0]['fraction']['single-task-wide'] == dict(seg=0.8)
    assert 'single_task_wide' not in out  # a reference, not a strategy
    assert [r['strategy'] for r in data['rows']] == ['replay', 'replay_seed1']
    assert data['seed_groups']['replay']['stats']['seg']['mean'] == \
        pytest.approx(0.25)
    table = (tmp_path / 'comparison.txt').read_text()
    assert '0.2000 (-1.0%, x0.50, x0.80)' in table


def test_train_stages_pipeline_and_stage_reuse(sample_data, tmp_path):
    """The main job's command on the sample data (1 epoch a stage), then a
    strategy that reuses its stages 1 and 2 and runs only stage 3."""
    env = dict(os.environ, ONEHEAD_SAMPLE_DATA=sample_data)
    tool = osp.join(ROOT, 'tools', 'train_stages.py')
    first, kept = tmp_path / 'replay', tmp_path / 'results' / 'seed3'
    r = subprocess.run(
        [sys.executable, tool, 'replay', '--demo', '--epochs', '1', '1',
         '1', '--seed', '3', '--work-dir', str(first),
         '--results-dir', str(kept)],
        capture_output=True, text=True, env=env, cwd=str(tmp_path),
        timeout=900)
    assert r.returncode == 0, r.stdout[-3000:]
    assert 'forgetting table' in r.stdout and 'cls (top1)' in r.stdout
    res = json.loads((first / 'results.json').read_text())
    assert [s['stage'] for s in res['stages']] == [
        'stage1_seg', 'stage2_det_replay', 'stage3_cls_replay']
    assert set(res['final']) == {'seg', 'det', 'cls'}
    assert res['reused_stages'] == [] and res['pipeline_minutes'] > 0
    assert res['stage_dirs'] == {s: s for s in (
        'stage1_seg', 'stage2_det_replay', 'stage3_cls_replay')}
    assert res['seed'] == 3  # every stage ran with it
    assert res['stage_precisions'] == {s: 'fp32' for s in (
        'stage1_seg', 'stage2_det_replay', 'stage3_cls_replay')}
    assert res['precision'] == 'fp32'
    saved = load_config(str(first / 'stage2_det_replay' /
                            'stage2_det_replay.py'))
    assert saved.randomness.seed == 3
    # the report: table, final metrics and every plot it links
    report = (first / 'report.md').read_text()
    assert 'strategy `replay`' in report and 'cls (top1)' in report
    # how each stage ran, from its saved config
    assert '| stage2_det_replay | 1 | 8 | 128x128 | 1e-03 / 1e-04 |' in report
    assert 'ReplayHook (2 per task and batch; buffer seg 48)' in report
    for png in ('losses', 'metrics', 'heatmap', 'per_class', 'predictions'):
        assert f'report/{png}.png' in report
        assert (first / 'report' / f'{png}.png').stat().st_size > 1000
    # the copy kept in git: the same results, the report without pictures
    for name in ('results.json', 'results.txt'):
        assert (kept / name).read_text() == (first / name).read_text()
    kept_report = (kept / 'report.md').read_text()
    assert kept_report.split('## Plots')[0] == report.split('## Plots')[0]
    assert '.png' not in kept_report and 'tools/report.py WORK_DIR' in \
        kept_report
    assert sorted(p.name for p in kept.iterdir()) == [
        'report.md', 'results.json', 'results.txt']
    check_checkpoints_know_their_data(first, sample_data, tmp_path)
    second = tmp_path / 'again'
    r = subprocess.run(
        [sys.executable, tool, 'replay', '--demo', '--epochs', '1', '1',
         '1', '--no-report', '--work-dir', str(second),
         '--stage1', str(first / 'stage1_seg'),
         '--stage2', str(first / 'stage2_det_replay')],
        capture_output=True, text=True, env=env, cwd=str(tmp_path),
        timeout=900)
    assert r.returncode == 0, r.stdout[-3000:]
    res2 = json.loads((second / 'results.json').read_text())
    assert res2['reused_stages'] == [str(first / 'stage1_seg'),
                                     str(first / 'stage2_det_replay')]
    assert list(res2['stage_minutes']) == ['stage3_cls_replay']
    assert res2['stage_dirs']['stage1_seg'] == osp.join('..', 'replay',
                                                        'stage1_seg')
    assert all(m is not None and m >= 0
               for m in res2['reused_stage_minutes'].values())
    assert res2['pipeline_minutes'] >= res2['stage_minutes'][
        'stage3_cls_replay']
    # stage 3 started from the reused stage 2: same earlier-stage metrics
    assert res2['stages'][1] == res['stages'][1]


def check_checkpoints_know_their_data(run, sample_data, tmp_path):
    """A pipeline's checkpoints name their tasks' classes, and the tools
    use them with no ONEHEAD_DATASETS set."""
    import torch
    stage1 = str(run / 'stage1_seg' / 'epoch_1.pth')
    stage3 = str(run / 'stage3_cls_replay' / 'epoch_1.pth')
    meta = torch.load(stage1, weights_only=False)['meta']['tasks']
    assert meta == dict(seg=dict(dataset='MiniVocSegDataset', classes=[
        'background', 'circle', 'square', 'triangle'], input_size=[128, 128]))
    meta = torch.load(stage3, weights_only=False)['meta']['tasks']
    assert list(meta) == ['seg', 'det', 'cls']
    assert meta['cls']['classes'] == ['checker', 'dots', 'stripes', 'waves']
    env = {k: v for k, v in os.environ.items() if k != 'ONEHEAD_DATASETS'}

    def tool(*args):
        r = subprocess.run([sys.executable, *args], capture_output=True,
                           text=True, env=env, cwd=str(tmp_path),
                           timeout=600)
        assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
        return r.stdout
    img = osp.join(sample_data, 'mini_coco_det', 'val', 'val_00000.jpg')
    infer = osp.join(ROOT, 'tools', 'infer.py')
    out = tool(infer, img, stage1, '--out', str(tmp_path / 'a.png'))
    assert 'not trained in this checkpoint, not drawn: det, cls' in out
    assert 'segmentation classes: background' in out
    assert 'top-3' not in out and 'boxes >=' not in out
    out = tool(infer, img, stage3, '--out', str(tmp_path / 'b.png'),
               '--score-thr', '0')
    top3 = out.split('top-3: ')[1].splitlines()[0]
    assert {n.split()[0] for n in top3.split(', ')} <= {
        'checker', 'dots', 'stripes', 'waves'}
    assert 'not trained' not in out
    out = tool(osp.join(ROOT, 'tools', 'test.py'), stage3, '--work-dir',
               str(tmp_path / 'test'))
    assert 'cls/top1' in out
    out = tool(osp.join(ROOT, 'eval.py'), '--weights', stage3, '--dataroot',
               sample_data)
    assert 'Top-1' in out and 'mIoU' in out


def test_train_stages_resumes_an_interrupted_stage(sample_data, tmp_path):
    """Killed in stage 2 after its first checkpoint, a rerun reuses stage 1,
    resumes stage 2 (not 'finished already') and completes."""
    import signal
    import time
    env = dict(os.environ, ONEHEAD_SAMPLE_DATA=sample_data)
    wd = tmp_path / 'run'
    cmd = [sys.executable, osp.join(ROOT, 'tools', 'train_stages.py'),
           'replay', '--demo', '--epochs', '1', '2', '1', '--no-report',
           '--work-dir', str(wd)]
    proc = subprocess.Popen(cmd, env=env, cwd=str(tmp_path),
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            start_new_session=True)
    ckpt = wd / 'stage2_det_replay' / 'epoch_1.pth'
    deadline = time.time() + 600
    while not ckpt.exists() and proc.poll() is None and \
            time.time() < deadline:
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    stage2 = json.loads((wd / 'stage2_det_replay' /
                         'stage_results.json').read_text())
    assert 'final' not in stage2  # started, not finished
    r = subprocess.run(cmd, capture_output=True, text=True, env=env,
                       cwd=str(tmp_path), timeout=900)
    assert r.returncode == 0, r.stdout[-3000:]
    assert '[stage1_seg] finished already' in r.stdout
    assert '[stage2_det_replay] interrupted earlier: resuming from ' \
        f'{ckpt}' in r.stdout
    assert 'stage2_det_replay] finished already' not in r.stdout
    res = json.loads((wd / 'results.json').read_text())
    assert [s['stage'] for s in res['stages']] == [
        'stage1_seg', 'stage2_det_replay', 'stage3_cls_replay']
    # the stage's minutes count the killed run too (both logs)
    assert res['stage_minutes']['stage2_det_replay'] >= \
        import_tool('train_stages').logged_minutes(
            str(wd / 'stage2_det_replay'))
    assert 'of them before the resume' in r.stdout


def test_train_stages_stopped_by_sigterm_stops_its_stage(tmp_path):
    """``kill PID`` of the pipeline (SIGTERM) stops the stage it runs too:
    a training left running alone would hold the CPU and keep writing to
    the work dir. The stage here is a process that sleeps."""
    import signal
    import time
    pid_file = tmp_path / 'stage.pid'
    stage = (f'import os, time; open({str(pid_file)!r}, "w").write('
             'str(os.getpid())); time.sleep(600)')
    tools = osp.join(ROOT, 'tools')
    parent = (f'import os, sys; sys.path.insert(0, {tools!r}); '
              'import train_stages; '
              f'train_stages.run_stage([sys.executable, "-c", {stage!r}], '
              f'dict(os.environ), {str(tmp_path / "stage")!r})')
    proc = subprocess.Popen([sys.executable, '-c', parent],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.time() + 300  # a bound on a hang, not a speed test
    while not (pid_file.exists() and pid_file.read_text()) and \
            proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()
    child = int(pid_file.read_text())
    try:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 128 + signal.SIGTERM, err
        assert 'was stopped too' in err
        with pytest.raises(ProcessLookupError):  # ended and reaped
            os.kill(child, 0)
    finally:  # never leave it sleeping when the test fails
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_report_finds_a_variants_stage1_in_its_recipes_work_dir(tmp_path):
    """A variant trains its recipe's stage 1 beside its own folder; the
    report reads each stage where the pipeline recorded it, and a table
    written before that record finds its stages in the work dir."""
    report = import_tool('report')
    for d in ('stage1_seg', 'replay/stage2_det', 'replay/stage3_cls'):
        (tmp_path / d).mkdir(parents=True)
    stages = [dict(stage=s) for s in ('stage1_seg', 'stage2_det',
                                      'stage3_cls')]
    variant = str(tmp_path / 'replay')
    found = report.stage_dirs(variant, dict(stages=stages, stage_dirs=dict(
        stage1_seg=osp.join('..', 'stage1_seg'), stage2_det='stage2_det',
        stage3_cls='stage3_cls')))
    assert found == [str(tmp_path / 'stage1_seg'),
                     str(tmp_path / 'replay' / 'stage2_det'),
                     str(tmp_path / 'replay' / 'stage3_cls')]
    assert report.stage_dirs(variant, dict(stages=stages)) == [None] + \
        found[1:]


def test_results_kept_elsewhere_never_bring_pictures(tmp_path):
    """report.md written outside the work dir never brings pictures
    with it: --out without --no-plots is refused before anything is
    read; the folder the results are copied into is not the work dir."""
    report = import_tool('report')
    with pytest.raises(SystemExit, match='add --no-plots'):
        report.main([str(tmp_path), '--out', str(tmp_path / 'kept')])
    assert not (tmp_path / 'kept').exists()
    train_stages = import_tool('train_stages')
    with pytest.raises(SystemExit, match='is the work dir'):
        train_stages.main(['replay', '--demo', '--work-dir', str(tmp_path),
                           '--results-dir', str(tmp_path / '.')])


def test_report_says_which_replayed_tasks_train_their_rows_only():
    report = import_tool('report')
    hook = dict(type='ReplayHook', per_batch=2,
                tasks=dict(seg=dict(size=48), det=dict(size=24)))
    head = 'ReplayHook (2 per task and batch; buffer seg 48, det 24'
    assert report.describe_hook(hook) == head + ')'
    assert report.describe_hook(dict(hook, train_shared=['seg'])) == \
        head + '; det on output rows only)'
    assert report.describe_hook(dict(hook, train_shared=False)) == \
        head + '; seg, det on output rows only)'


def test_demo_epochs_follow_the_configs():
    train_stages = import_tool('train_stages')
    assert train_stages.demo_epochs(
        train_stages.stage_configs('replay')) == [10, 8, 5]
    # a recipe's longer stages stay longer in the demo (32/24/30 epochs)
    assert train_stages.demo_epochs(
        train_stages.stage_configs('shared_gpm')) == [20, 15, 18]
    with pytest.raises(SystemExit, match='neither a recipe folder'):
        train_stages.stage_configs('nonsense')


def test_logged_minutes_sum_every_run_of_a_stage(tmp_path):
    """An interrupted stage and its resume both took time: the minutes are
    each log's first to last timestamp, summed; a log without two
    timestamps adds nothing."""
    train_stages = import_tool('train_stages')
    assert train_stages.logged_minutes(str(tmp_path)) is None
    logs = {'20261204_213022': ['2026/12/04 21:30:22 - mmengine - INFO - a',
                                'a traceback line, no time',
                                '2026/12/04 22:26:52 - mmengine - INFO - b'],
            '20261204_223735': ['2026/12/04 22:37:35 - mmengine - INFO - c',
                                '2026/12/04 23:06:20 - mmengine - INFO - d'],
            '20261204_233000': ['2026/12/04 23:30:00 - mmengine - INFO - e']}
    for stamp, lines in logs.items():
        (tmp_path / stamp).mkdir()
        (tmp_path / stamp / f'{stamp}.log').write_text('\n'.join(lines))
    # 56.5 + 28.75 minutes
    assert train_stages.logged_minutes(str(tmp_path)) == 85.25


def test_precision_of_each_stage_is_read_from_its_saved_config(tmp_path):
    """A reused stage may have run on another machine: what it computed in
    is what its saved config says, not what this machine would do."""
    train_stages = import_tool('train_stages')
    report = import_tool('report')
    saved = {
        'a': "model = dict(autocast='bfloat16', data_preprocessor=dict("
             "channels_last=True))\noptim_wrapper = dict(type='OptimWrapper')",
        'b': "model = dict(autocast=None, data_preprocessor=dict("
             "channels_last=True))\noptim_wrapper = dict(type='OptimWrapper')",
        'c': "model = dict(data_preprocessor=dict())\n"
             "optim_wrapper = dict(type='OptimWrapper')",
        'd': "model = dict(data_preprocessor=dict())\n"
             "optim_wrapper = dict(type='AmpOptimWrapper')"}
    for name, text in saved.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / f'{name}.py').write_text(text)
    found = {name: train_stages.saved_precision(str(tmp_path / name))
             for name in saved}
    assert found == {'a': 'bf16', 'b': 'fp32-channels-last', 'c': 'fp32',
                     'd': 'cuda-amp'}
    (tmp_path / 'empty').mkdir()
    assert train_stages.saved_precision(str(tmp_path / 'empty')) is None
    assert train_stages.pipeline_precision(
        dict(stage1_seg='bf16', stage2_det='bf16')) == 'bf16'
    mixed = train_stages.pipeline_precision(dict(
        stage1_seg='fp32-channels-last', stage2_det='bf16',
        stage3_cls='fp32-channels-last'))
    assert mixed == ('fp32-channels-last (stage1_seg, stage3_cls); '
                     'bf16 (stage2_det)')
    assert report.precision_text(dict(precision='bf16')) == \
        report.PRECISION['bf16']
    assert report.precision_text(dict(precision=mixed)) == \
        f'Stages computed in: {mixed}.'


def test_benchmark_writes_json_and_table(tmp_path):
    """tools/benchmark.py with a few runs at a small size: every figure the
    budgets need, the backbone ratio, and the table beside the JSON."""
    out = tmp_path / 'bench.json'
    r = subprocess.run(
        [sys.executable, osp.join(ROOT, 'tools', 'benchmark.py'),
         osp.join(ROOT, 'configs', 'stage3_cls.py'), '--size', '128', '128',
         '--runs', '2', '--warmup', '1', '--out', str(out)],
        capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    res = json.loads(out.read_text())
    assert res['params']['total'] == sum(
        v for k, v in res['params'].items() if k != 'total')
    assert res['params_pass'] and res['flops_512'] > 0
    # what --amp runs here: bf16 where native, else fp32 + channels_last
    from onehead.utils import cpu_bf16_is_native
    amp = 'bf16' if cpu_bf16_is_native() else 'fp32-cl'
    assert [m['mode'] for m in res['modes']] == ['fp32', amp]
    assert ('bf16' in res.get('skipped', {})) == (amp == 'fp32-cl')
    for m in res['modes']:
        for part in ('backbone', 'model', 'end_to_end'):
            t = m[part]  # figures, whatever this machine's speed
            assert t['runs'] == 2 and min(t['median_ms'], t['p90_ms']) == \
                t['median_ms']
        assert m['end_to_end']['x_backbone'] == pytest.approx(
            m['end_to_end']['median_ms'] / m['backbone']['median_ms'])
        # the verdict follows the figure (how fast this machine is, busy
        # or idle, is not the test's business)
        budget = res['budgets']['latency_ms']
        assert m['latency_pass'] == (budget > m['end_to_end']['median_ms'])
    table = (tmp_path / 'bench.txt').read_text()
    assert 'e2e/bb' in table and '[PASS < 8M]' in table
    assert [c['rule'] for c in res['challenge']] == [
        'backbone', 'neck', 'head layers', 'single branch', 'parameters']
    assert 'challenge rules:' in table
    rows = [ln for ln in table.splitlines()
            if ln.startswith(('fp32', 'bf16')) and 'skipped' not in ln]
    assert len(rows) == 2
    assert ('bf16      skipped: this CPU has no native bf16' in table) == \
        (amp == 'fp32-cl')
    for row, m in zip(rows, res['modes']):
        assert row.endswith('PASS' if m['latency_pass'] else 'FAIL')
