# jinja2's tests.
CASES = [
    ("{{ x is defined }} {{ x is undefined }} {{ 1 is defined }} {{ none is none }} {{ 0 is none }} {{ none is not none }}", None),
    ("{{ true is boolean }} {{ 1 is boolean }} {{ true is true }} {{ 1 is true }} {{ false is false }} {{ 0 is false }}", None),
    ("{{ 1 is integer }} {{ true is integer }} {{ 1.0 is integer }} {{ 1.0 is float }} {{ 1 is number }} {{ true is number }} {{ 'a' is number }}", None),
    ("{{ 'a' is string }} {{ 1 is string }} {{ {} is mapping }} {{ [] is mapping }} {{ [] is iterable }} {{ 'a' is iterable }} {{ 1 is iterable }} {{ x is iterable }} {{ {} is iterable }}", None),
    ("{{ [] is sequence }} {{ 'a' is sequence }} {{ {} is sequence }} {{ 1 is sequence }} {{ x is sequence }} {{ none is iterable }}", None),
    ("{{ 3 is odd }} {{ 3 is even }} {{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }} {{ -3 is odd }} {{ 3.0 is odd }}", None),
    ("{{ 'abc' is lower }} {{ 'aBc' is lower }} {{ 'ABC' is upper }} {{ '1' is upper }} {{ 1 is lower }}", None),
    ("{{ 1 is eq 1 }} {{ 1 is equalto 2 }} {{ 1 is == 1 }} {{ 1 is ne 2 }} {{ 1 is lt 2 }} {{ 2 is le 2 }} {{ 3 is gt 2 }} {{ 3 is ge 4 }} {{ 3 is greaterthan 1 }} {{ 3 is lessthan 1 }} {{ 1 is != 1 }}", None),
    ("{{ 1 is in [1, 2] }} {{ 'a' is in 'abc' }} {{ 3 is not in [1] }} {{ none is sameas none }} {{ true is sameas true }} {{ 1 is sameas 1 }}", None),
    ("{{ range is callable }} {{ 'a'.upper is callable }} {{ 'a' is callable }} {{ x is callable }} {{ namespace() is callable }}", None),
    ("{% macro m() %}{% endmacro %}{{ m is callable }} {{ 'upper' is filter }} {{ 'nofilter' is filter }} {{ 'odd' is test }} {{ 'notest' is test }}", None),
    ("{{ x is defined and x.y }}|{{ x is not defined or x.y }}", None),
    ("{{ 1 is foo }}", None),
    ("{{ 'a' is odd }}", None),
    ("{{ x is defined if true else 1 }}", None),
    ("{{ 1 is defined is defined }}", None),
]
