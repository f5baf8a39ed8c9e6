"""The transparency report: figures from the record (figures), what may be published
(present), charts (charts) and formats (render). Periods are half years (periods)."""

from triage.reports.figures import Figures, report_figures
from triage.reports.periods import BadHalf, Half, half_last_complete, half_of, half_parse
from triage.reports.present import report_publish
from triage.reports.render import CONTENT_TYPES, FORMATS, report_render

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "BadHalf",
    "Figures",
    "Half",
    "half_last_complete",
    "half_of",
    "half_parse",
    "report_figures",
    "report_publish",
    "report_render",
]
