"""The forgetting table on hand-computed numbers."""
import pytest

from onehead.evaluation.forgetting import (compare_to_references,
                                           format_comparison, format_table,
                                           summarize)


def test_summarize_exact():
    stages = [
        dict(stage='s1', task='seg', metrics=dict(seg=0.40)),
        dict(stage='s2', task='det', metrics=dict(seg=0.39, det=0.20)),
        dict(stage='s3', task='cls', metrics=dict(seg=0.36, det=0.199,
                                                  cls=0.90)),
    ]
    r = summarize(stages)
    assert r['baselines'] == dict(seg=0.40, det=0.20, cls=0.90)
    assert r['drops_pct']['seg'] == pytest.approx(10.0)
    assert r['drops_pct']['det'] == pytest.approx(0.5)
    assert r['drops_pct']['cls'] == pytest.approx(0.0)
    assert r['bwt'] == pytest.approx(((0.36 - 0.40) + (0.199 - 0.20)) / 2)
    assert r['flagged'] == ['seg']
    # the other reading of the 5% rule: seg lost 4 points, under 5
    assert r['drops_points']['seg'] == pytest.approx(4.0)
    assert r['flagged_points'] == []
    text = format_table(dict(r, stages=stages))
    assert 'seg (mIoU)' in text and '10.00!' in text and 'BWT -0.0205' in \
        text
    assert '4.00 ' in text
    assert 'drops > 5% of the baseline: seg; drops > 5 points: none' in \
        text


def test_both_readings_flag_a_large_drop():
    stages = [dict(stage='a', task='seg', metrics=dict(seg=0.8)),
              dict(stage='b', task='det', metrics=dict(seg=0.7, det=0.1))]
    r = summarize(stages)
    assert r['flagged'] == ['seg'] and r['flagged_points'] == ['seg']
    assert r['drops_points']['seg'] == pytest.approx(10.0)


def test_a_drop_of_exactly_the_limit_is_kept():
    # metric >= baseline - 5%: 0.40 -> 0.38 is 5% of the baseline, 1.0 ->
    # 0.95 is 5 points; neither is flagged, 0.3799 is
    stages = [dict(stage='a', task='seg', metrics=dict(seg=0.40)),
              dict(stage='b', task='cls', metrics=dict(cls=1.0)),
              dict(stage='c', task='det', metrics=dict(seg=0.38, cls=0.95,
                                                       det=0.1))]
    r = summarize(stages)
    assert r['drops_pct']['seg'] == pytest.approx(5.0)
    assert r['drops_points']['cls'] == pytest.approx(5.0)
    assert r['flagged'] == [] and r['flagged_points'] == []
    stages[-1]['metrics']['seg'] = 0.3799
    assert summarize(stages)['flagged'] == ['seg']


def test_improvement_is_a_negative_drop():
    stages = [dict(stage='a', task='seg', metrics=dict(seg=0.2)),
              dict(stage='b', task='det', metrics=dict(seg=0.25, det=0.1))]
    r = summarize(stages)
    assert r['drops_pct']['seg'] == pytest.approx(-25.0)
    assert r['flagged'] == [] and r['bwt'] == pytest.approx(0.05)


def test_compare_to_references_fractions():
    run = dict(strategy='replay', final=dict(seg=0.30, det=0.05, cls=0.80),
               drops_pct=dict(seg=2.0, det=-1.0, cls=0.0), flagged=[],
               minutes=5.0, pipeline_minutes=30.0,
               stages=[dict(details={'seg/mIoU_all': 0.125})])
    refs = {'single-task': {'seg/mIoU': 0.40, 'det/AP50': 0.10,
                            'cls/top1': 1.0, 'cls/top5': 1.0},
            'joint': {'seg/mIoU': 0.25, 'det/AP50': 0.0, 'cls/top1': 0.5}}
    c = compare_to_references([run], refs)
    assert c['references']['single-task'] == dict(seg=0.40, det=0.10,
                                                  cls=1.0)
    frac = c['rows'][0]['fraction']
    assert frac['single-task'] == pytest.approx(dict(seg=0.75, det=0.5,
                                                     cls=0.8))
    assert frac['joint']['seg'] == pytest.approx(1.2)
    assert frac['joint']['det'] is None  # a zero reference has no fraction
    text = format_comparison(c)
    assert '0.3000 (-2.0%, x0.75, x1.20)' in text
    assert '0.0500 (+1.0%, x0.50, -)' in text
    assert c['rows'][0]['also'] == {'seg/mIoU_all': 0.125}
    assert c['rows'][0]['minutes'] == 30.0  # the whole pipeline
    assert '0.1250' in text and '30.0' in text


def test_seed_groups_mean_and_sample_sd():
    """Runs `S`, `S_seed1`, `S_seed2` of one recipe are summarised together
    (sample standard deviation); a recipe run once has no group."""
    def run(name, det, ap):
        return dict(strategy=name, final=dict(seg=0.25, det=det),
                    drops_pct={}, stages=[dict(details={'det/AP': ap})])
    c = compare_to_references([run('a', 0.1, 0.02), run('a_seed1', 0.3, 0.04),
                               run('a_seed2', 0.2, 0.03),
                               run('b', 0.5, 0.1)], {})
    groups = c['seed_groups']
    assert list(groups) == ['a']
    assert groups['a']['runs'] == ['a', 'a_seed1', 'a_seed2']
    det = groups['a']['stats']['det']
    assert det['mean'] == pytest.approx(0.2) and det['std'] == \
        pytest.approx(0.1)
    assert groups['a']['stats']['seg'] == dict(mean=0.25, std=0.0)
    assert groups['a']['stats']['det/AP']['mean'] == pytest.approx(0.03)
    assert 'cls' not in groups['a']['stats']
    assert 'a over 3 seeds (mean +- sd): seg 0.2500 +- 0.0000, det 0.2000 ' \
        '+- 0.1000' in format_comparison(c)
