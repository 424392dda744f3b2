"""Cookie sinks: personal data put in a cookie travels to the user's browser and back with every request.

A cookie is kept on the user's device (ePrivacy Directive Art. 5(3)), readable by scripts on the page
unless it is ``HttpOnly``, by anyone with the device, and by every proxy that logs headers; a *signed*
cookie (Django's ``set_signed_cookie``, Flask's default ``session``) is tamper-proof, not secret: its
value is base64 anyone can read. So a cookie is a sink of its own kind (``cookie``), which the policy
speaks to with ``no_cookies`` prohibitions (PRV214).

Covered: ``set_cookie``/``set_signed_cookie`` on Django, Flask/Werkzeug, Quart and Starlette/FastAPI
responses (made by the framework's constructors and shortcuts, typed ``response: Response`` parameters, or
a local called ``response``/``resp``), ``http.cookies.SimpleCookie`` item assignment, and Flask's
``session`` (a signed client-side cookie unless a server-side session extension replaces it). Django's
``request.session`` is server-side by default and stays a storage sink.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from privlint.catalogue import Examples, SinkRule, SinkSwitch
from privlint.hookspecs import hookimpl

# Responses, by where they come from: "X" means X.set_cookie(...) sets a cookie.
RESPONSES = (
    "django.http.*()",
    "django.http.response.*()",
    "django.shortcuts.render()",
    "django.shortcuts.redirect()",
    "django.template.response.TemplateResponse()",
    "flask.*()",  # make_response(), redirect(), jsonify(), Response()
    "flask.current_app.response_class()",
    "werkzeug.wrappers.*()",
    "werkzeug.utils.redirect()",
    "quart.*()",
    "starlette.responses.*()",
    "fastapi.*()",  # fastapi.Response, also as a typed parameter ``response: Response``
    "fastapi.responses.*()",
    "$response",
    "$resp",
)
SETTERS = ("set_cookie", "set_signed_cookie")
# set_cookie(key, value="", ...): the name and the value are kept in the browser
COOKIE_ARGS = ("0", "1", "key", "value")
# stores into a cookie jar or a cookie-backed session; ``__setitem__`` is the engine's ``obj[key] = value``
STORES = (
    ("http.cookies.SimpleCookie().__setitem__", ("1",)),
    ("http.cookies.BaseCookie().__setitem__", ("1",)),
    ("flask.session.__setitem__", ("1",)),
    ("flask.session.update", ("*",)),
    ("flask.session.setdefault", ("1",)),
    ("quart.session.__setitem__", ("1",)),
)

EXAMPLES = Examples(
    flows=(
        "from django.http import JsonResponse\n\n\n"
        "def login(request, user):\n    response = JsonResponse({'id': user.pk})\n"
        "    response.set_cookie('last_email', user.email, max_age=86400)\n    return response\n",
        "from django.shortcuts import render\n\n\n"
        "def profile(request, user):\n    response = render(request, 'profile.html')\n"
        "    response.set_signed_cookie('name', user.full_name)\n    return response\n",
        "from flask import make_response\n\n\n"
        "def login(user):\n    resp = make_response('ok')\n    resp.set_cookie('email', value=user.email)\n"
        "    return resp\n",
        "from fastapi import Response\n\n\n"
        "def login(user, response: Response):\n    response.set_cookie(key='phone', value=user.phone_number)\n",
        "from http.cookies import SimpleCookie\n\n\n"
        "def remember(user):\n    cookie = SimpleCookie()\n    cookie['email'] = user.email\n"
        "    return cookie.output()\n",
        "from flask import session\n\n\ndef login(user):\n    session['email'] = user.email\n",
    ),
    no_flows=(
        "from django.http import JsonResponse\n\n\n"
        "def login(request, user, session_key):\n    response = JsonResponse({'id': user.pk})\n"
        "    response.set_cookie('sessionid', session_key, httponly=True)\n    return response\n",
        "from flask import session\n\n\ndef login(user):\n    session['user_id'] = user.id\n",
        "import requests\n\n\n"
        "def call(user):\n    jar = requests.Session()\n    jar.cookies.set('theme', 'dark')\n"
        "    return jar.get('https://example.org/', params={'q': 'x'})\n",
    ),
)


def _rules() -> list[SinkRule]:
    rules = [
        SinkRule(f"{origin}.{setter}", "cookie", data_args=COOKIE_ARGS) for origin in RESPONSES for setter in SETTERS
    ]
    rules.extend(SinkRule(pattern, "cookie", data_args=args) for pattern, args in STORES)
    return [
        rule if index else SinkRule(rule.pattern, rule.kind, data_args=rule.data_args, examples=EXAMPLES)
        for index, rule in enumerate(rules)
    ]


@hookimpl
def privlint_sinks(config: Mapping[str, Any]) -> Sequence[SinkRule]:
    return _rules()


# Server-side session extensions: once installed, ``session[...]`` is kept on the server (Redis, a database, files)
# and the browser's cookie holds only the session id, so what the code puts there is storage, not a cookie.
SWITCHES = (
    SinkSwitch("flask_session.Session", "flask.session", "storage"),  # Flask-Session: Session(app) / init_app
    SinkSwitch("flask_kvsession.KVSessionExtension", "flask.session", "storage"),
    SinkSwitch("quart_session.Session", "quart.session", "storage"),
)


@hookimpl
def privlint_sink_switches(config: Mapping[str, Any]) -> Sequence[SinkSwitch]:
    return SWITCHES
