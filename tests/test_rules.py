"""The rule labeler: cue, negation, condition and polarity of counter cues."""

import pytest

from stance import RuleLabeler


def stances(text):
    return {(s.country, s.topic): s.stance for s in RuleLabeler().analyze(text).stances}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Italy rejects sending peacekeeping troops to Ukraine.", "oppose"),
        ("Spain is ready to deploy peacekeepers to Ukraine.", "support"),
        ("Norway will not support sending troops to Ukraine.", "oppose"),
        ("Poland will only provide logistical support to a peacekeeping force.", "conditional"),
    ],
)
def test_peacekeeping_cues(text, expected):
    assert list(stances(text).values())[0] == expected


def test_demand_for_smaller_army_supports_demilitarization():
    assert stances("The Kremlin demands that the Ukrainian army be significantly reduced.") == {
        ("RU", "demilitarization"): "support"
    }


def test_backing_a_strong_army_opposes_demilitarization():
    assert stances("Germany backs a strong Ukrainian army.") == {("DE", "demilitarization"): "oppose"}


def test_no_topic_no_stance():
    assert stances("France hosted a football match.") == {}
