"""The forgetting table on hand-computed numbers."""
import pytest

from onehead.evaluation.forgetting import format_table, summarize


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
    text = format_table(dict(r, stages=stages))
    assert 'seg (mIoU)' in text and '10.00 !' in text and 'BWT -0.0205' in \
        text


def test_improvement_is_a_negative_drop():
    stages = [dict(stage='a', task='seg', metrics=dict(seg=0.2)),
              dict(stage='b', task='det', metrics=dict(seg=0.25, det=0.1))]
    r = summarize(stages)
    assert r['drops_pct']['seg'] == pytest.approx(-25.0)
    assert r['flagged'] == [] and r['bwt'] == pytest.approx(0.05)
