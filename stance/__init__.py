"""stance: where countries and political actors stand on peacekeeping troops,
demilitarization and ceasefire, with the evidence sentence for every stance.

>>> import stance
>>> result = stance.RuleLabeler().analyze("Italy rejects sending peacekeeping troops to Ukraine.")
>>> [(row.country, row.topic, row.stance) for row in result.by_country()]
[('IT', 'peacekeeping_troops', 'oppose')]
"""

from stance.analyzer import Analyzer
from stance.errors import InputError, ModelNotFoundError, StanceError
from stance.loading import load
from stance.rules import RuleLabeler
from stance.schema import LABELS, STANCES, ActorStance, AnalysisResult, CountryStance, Statement, topic_names

__all__ = [
    "load",
    "Analyzer",
    "RuleLabeler",
    "AnalysisResult",
    "Statement",
    "CountryStance",
    "ActorStance",
    "STANCES",
    "LABELS",
    "topic_names",
    "StanceError",
    "InputError",
    "ModelNotFoundError",
]
