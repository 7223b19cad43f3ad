from django import template

from zhuban.ui.templatetags.zhuban_format import yuan

register = template.Library()

# The money filter lives with the other display formats (zhuban.ui); kept here for the templates
# that load it under this name.
register.filter("yuan", yuan)
