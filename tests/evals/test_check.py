import json

from evals.check import check, compare, failed, load_run, load_thresholds


def test_default_thresholds_hold_the_documented_bounds():
    t = load_thresholds()
    assert t["min"]["citation_validity"] == 1.0 and t["min"]["risk_recall"] == 1.0
    assert t["min"]["hit@5"] == 0.95 and t["max"]["noise_false_alarms"] == 0.10


def test_check_fails_metric_below_min_and_above_max():
    t = {"min": {"citation_validity": 1.0}, "max": {"noise_false_alarms": 0.1}}
    bad = failed(check({"citation_validity": 0.98, "noise_false_alarms": 0.2}, t))
    assert [v.metric for v in bad] == ["citation_validity", "noise_false_alarms"]


def test_check_skips_unmeasured_metric():
    verdicts = check({"risk_recall": None}, {"min": {"risk_recall": 1.0}})
    assert verdicts[0].passed is None and failed(verdicts) == []


def test_compare_gives_delta_per_metric(tmp_path):
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"metrics": {"hit@5": 0.9, "gone": 1.0}}))
    rows = {r["metric"]: r for r in compare({"hit@5": 0.95, "new": 0.5}, load_run(old))}
    assert rows["hit@5"]["delta"] == 0.05
    assert rows["gone"]["new"] is None and rows["new"]["old"] is None


def test_default_thresholds_hold_the_issue_targets_for_key_facts():
    t = load_thresholds()
    assert t["min"]["key_facts_all"] == 0.85 and t["min"]["followup_key_facts_all"] == 0.80
