"""Template filters over `accounts.formatting`: `{% load fmt %}` then
`{{ when|moment }}`, `{{ day|day }}`, `{{ first|month }}`, `{{ ratio|percent }}`,
`{{ weeks|count:"week" }}`, `{{ notification.title_message|builtin:notification.title }}`."""

from django import template

from accounts import builtin, formatting

register = template.Library()

register.filter("day", formatting.date_short)
register.filter("clock", formatting.time_short)
register.filter("moment", formatting.datetime_short)
register.filter("month", formatting.month_title)
register.filter("percent", formatting.percent)
register.filter("count", formatting.count)
register.filter("builtin", builtin.render)
