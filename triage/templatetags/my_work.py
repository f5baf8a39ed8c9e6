"""The navigation's count of what waits for the signed-in person (triage/selectors/my_work.py)."""

from typing import Any

from django import template

from triage.selectors.my_work import my_work_count

register = template.Library()


@register.simple_tag
def waiting_for(user: Any) -> int:
    return my_work_count(user=user)
