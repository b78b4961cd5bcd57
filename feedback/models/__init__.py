from .aggregation import AggregationState
from .alerts import FeedbackAlert
from .exports import Export
from .forms import FeedbackForm, Question
from .impressions import PageDayImpressions
from .responses import Answer, Response
from .rollups import AnswerRollup, PageDayRollup
from .settings import FeedbackSettings
from .subscriptions import FeedbackSubscription

__all__ = [
    "AggregationState",
    "Answer",
    "AnswerRollup",
    "Export",
    "FeedbackAlert",
    "FeedbackForm",
    "FeedbackSettings",
    "FeedbackSubscription",
    "PageDayImpressions",
    "PageDayRollup",
    "Question",
    "Response",
]
